import fc from 'fast-check'
import { requestBatch } from './arbitraries'
import { checkExchange } from './check'
import { describeRequest, exchange, parseResponse, type RawRequest } from './wire'

export interface FuzzOptions {
  readonly seed: number
  /** Batches (of one to eight requests) to send; the run stops at this count or at `seconds`. */
  readonly numRuns: number
  readonly seconds: number
}

export interface FuzzResult {
  /** fast-check's run details: `failed`, `numRuns`, `interrupted`, the counterexample. */
  readonly details: fc.RunDetails<[RawRequest[]]>
  /** Requests per outcome (`preflight allowed`, `actual refused`…), shrinking runs included. */
  readonly outcomes: Readonly<Record<string, number>>
  /** fast-check's report and the failing check, when the run failed. */
  readonly report?: string
}

/** Answers when the app still serves its root route; throws otherwise. */
export async function checkHealth(port: number): Promise<void> {
  const response = parseResponse(
    (await exchange(port, { method: 'GET', path: '/', headers: [] })).bytes,
    'GET',
  )
  if (response.status !== 200 || response.body.toString() !== 'ok')
    throw new Error(`health request answered ${response.status} ${JSON.stringify(response.body.toString())}`)
}

/**
 * Sends batches of hostile CORS requests to a server of `standardRoutes` behind
 * `fuzzPolicy`, checks every response with `checkExchange`, and asks for a health response
 * after each batch. Bounded in batches and in time; a failure is shrunk to a minimal request.
 */
export async function fuzzServer(port: number, options: FuzzOptions): Promise<FuzzResult> {
  const outcomes: Record<string, number> = {}
  const details = await fc.check(
    fc.asyncProperty(requestBatch, async (batch) => {
      for (const request of batch) {
        const { bytes } = await exchange(port, request)
        const { problems, outcome } = checkExchange(request, bytes)
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
        if (problems.length > 0)
          throw new Error(`${problems.join('; ')}\n  request: ${describeRequest(request)}`)
      }
      await checkHealth(port)
    }),
    {
      seed: options.seed,
      numRuns: options.numRuns,
      interruptAfterTimeLimit: options.seconds * 1000,
      markInterruptAsFailure: false,
    },
  )
  const report = details.failed
    ? `${fc.defaultReportMessage(details)}\n${(details.errorInstance as Error | undefined)?.message}`
    : undefined
  return report === undefined ? { details, outcomes } : { details, outcomes, report }
}
