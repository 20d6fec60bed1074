import { type CorsDecision, type CorsPolicyInput, createCors } from '@crossway/core'
import { isThenable } from '@crossway/core/node'
import { decideEvent } from './decide-event'
import { type LambdaCorsResult, type LambdaHttpEvent, payloadFormatOf } from './events'
import { assertAsyncHandler } from './handler-style'
import { checkPolicyHasNoLambdaOption, type LambdaCorsOptions, validateLambdaOptions } from './options'
import { answerResult, decorateResult } from './write-result'

/**
 * What `withCors` wraps: an async `(event, context) => result`. A handler typed with
 * @types/aws-lambda's `Handler` fits: its third parameter is never passed, and its `void`
 * return is allowed here as there.
 */
export type LambdaHttpHandler<Event, Context, Result> = (
  event: Event,
  context: Context,
  ...callback: never[]
  // biome-ignore lint/suspicious/noConfusingVoidType: as in @types/aws-lambda's `Handler`, so a handler typed with it fits.
) => Result | PromiseLike<Result> | void

/**
 * The handler `withCors` returns: `(event, context)`, always async, so every Node.js runtime
 * (24 included) runs it as an async handler.
 */
export type LambdaCorsHandler<Event, Context, Result> = (
  event: Event,
  context: Context,
) => Promise<Result | LambdaCorsResult>

const CORS_HEADERS_WARNING =
  'crossway: the handler’s response carried CORS headers of its own (Access-Control-Allow-Origin, …); withCors() sent the policy’s instead. Remove them from the handler, or the other CORS middleware that wrote them, and keep CORS off in API Gateway and the function URL (see "Platform CORS" in the @crossway/lambda README). Warned once per cold start.'

/**
 * Wraps an HTTP Lambda handler in a CORS policy, for API Gateway REST APIs (payload format
 * 1.0), HTTP APIs (1.0 and 2.0) and Lambda function URLs (2.0), told apart by the event's shape.
 * Preflights (and, with `csrf`, forged requests) are answered without calling the handler, for
 * every path; every other response gets the CORS headers and a merged `Vary`. The policy and
 * the Lambda options are validated here, once per cold start: a bad one throws
 * `CorsConfigError`. An event that is not an HTTP request (a scheduled warmer) reaches the
 * handler untouched.
 *
 * @param handler an async handler `(event, context) => result`
 * @param policy the CORS policy (the core's options; an `origin` function receives the event),
 *   or a policy built by `createCors` / `createLiveCors`
 * @param options how errors are answered: `{ onError }`
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 * @example
 * import { withCors } from '@crossway/lambda'
 *
 * export const handler = withCors(myHandler, { origin: ['https://app.example.com'], credentials: true })
 */
export function withCors<Event = LambdaHttpEvent, Context = unknown, Result = unknown>(
  handler: LambdaHttpHandler<Event, Context, Result>,
  policy?: CorsPolicyInput<Event>,
  options?: LambdaCorsOptions<Event, Context, Awaited<Result>>,
): LambdaCorsHandler<Event, Context, Awaited<Result>> {
  assertAsyncHandler(handler)
  checkPolicyHasNoLambdaOption(policy)
  const cors = createCors<Event>(policy)
  validateLambdaOptions(options)
  const onError = options?.onError
  let warned = false
  const warnCorsHeaders = () => {
    if (warned) return
    warned = true
    console.warn(CORS_HEADERS_WARNING)
  }

  return async function corsHandler(event: Event, context: Context): Promise<any> {
    const format = payloadFormatOf(event)
    if (format === undefined) return handler(event, context)
    const httpEvent = event as LambdaHttpEvent
    let decision: CorsDecision
    try {
      const decided = decideEvent(cors, httpEvent, format)
      decision = isThenable(decided) ? await decided : decided
    } catch (error) {
      // Only an `origin` function throws here: nothing is granted (semantics.md §2).
      if (onError === undefined) throw error
      return onError(error, event, context)
    }
    if (decision.respond) return answerResult(decision, httpEvent, format)
    let result: unknown
    try {
      const returned = handler(event, context)
      result = isThenable(returned) ? await returned : returned
    } catch (error) {
      if (onError === undefined) throw error
      const answered = onError(error, event, context)
      result = isThenable(answered) ? await answered : answered
    }
    return decorateResult(result, decision, format, warnCorsHeaders)
  }
}
