// h3 2 (Nitro 3): an onion middleware `(event, next)` over a Web `Request` (`event.req`). h3 2
// builds the `Response` itself, after every middleware has returned, from what the handler
// returned and the headers prepared on the event: `event.res.headers` for a normal answer,
// `event.res.errHeaders` for an error (a throw, a returned `Error`, its own 404, a returned
// `Response` of status 400 or more); the other set is dropped. In both cases the prepared
// headers are `set` over the answer's own, so a `Vary` the answer carries would be replaced by
// ours: after `next()`, the answer's `Vary` is merged into the set h3 will use (semantics.md §6).
//
// These are h3 2 internals (the two prepared sets, the `h3.notFound` symbol), read here and
// nowhere else; checked against h3 2.0.8. test/h3-v2.test.ts fails if a release changes them.

import { mergeVary } from '@crossway/core'
import {
  applyDecision,
  type CorsDecision,
  decideWeb,
  isThenable,
  preflightResponse,
  type WebCorsPolicy,
} from '@crossway/core/web'

/** What the glue reads of an h3 2 event, structurally. */
export interface WebEventLike {
  readonly req: Request
  readonly res: { readonly headers: Headers; readonly errHeaders?: Headers }
}

/** h3 2's `next()`: the rest of the chain's answer, a value or a promise of one. */
export type WebNext = () => unknown

// h3 2 marks "no route matched" with this registered symbol; it becomes a 404 error response.
const kNotFound = Symbol.for('h3.notFound')

/**
 * The CORS step for an h3 2 event: answers a preflight (or a CSRF refusal) with its own
 * `Response`; otherwise prepares the headers and returns `next()`'s answer untouched, after
 * writing the headers into the set h3 will use for it. Without `next` (called as a plain
 * handler) it prepares both sets and returns `undefined`, which h3 takes as "carry on".
 */
export function runWebEvent<Event extends WebEventLike>(
  policy: WebCorsPolicy<Event>,
  event: Event,
  next: WebNext | undefined,
): unknown {
  const decision = decideWeb(policy, event.req, event)
  return isThenable(decision)
    ? Promise.resolve(decision).then((d) => proceed(event, d, next))
    : proceed(event, decision, next)
}

function proceed(event: WebEventLike, d: CorsDecision, next: WebNext | undefined): unknown {
  if (d.respond) return preflightResponse(d)
  const res = event.res
  applyDecision(res.headers, d)
  if (next === undefined) {
    if (res.errHeaders !== undefined) applyDecision(res.errHeaders, d)
    return undefined
  }
  let answer: unknown
  try {
    answer = next()
  } catch (error) {
    prepareError(res, d, error)
    throw error
  }
  // A synchronous route keeps the chain synchronous: no promise, no tick.
  if (!isThenable(answer)) return settle(res, d, answer)
  return Promise.resolve(answer).then(
    (value) => settle(res, d, value),
    (error: unknown) => {
      prepareError(res, d, error)
      throw error
    },
  )
}

// Mirrors h3 2's own choice between the two prepared sets (its `prepareResponse`).
function settle(res: WebEventLike['res'], d: CorsDecision, answer: unknown): unknown {
  if (answer === kNotFound || answer instanceof Error) prepareError(res, d, answer)
  else if (answer instanceof Response) {
    if (answer.status >= 400) prepare(errorHeaders(res), d, answer.headers.get('vary'))
    else keepVary(res.headers, d, answer.headers.get('vary'))
  } else keepVary(res.headers, d, varyOf(answer))
  return answer
}

// h3 2 answers an error with `errHeaders` set over the error's own `headers` (HTTPError's,
// or those of a plain error that has some); the prepared `headers` are dropped.
function prepareError(res: WebEventLike['res'], d: CorsDecision, error: unknown): void {
  prepare(errorHeaders(res), d, varyOf(error))
}

function errorHeaders(res: WebEventLike['res']): Headers {
  return res.errHeaders ?? res.headers
}

function prepare(target: Headers, d: CorsDecision, answerVary: string | null | undefined): void {
  applyDecision(target, d)
  if (answerVary) target.set('vary', mergeVary(answerVary, target.get('vary') ?? undefined)!)
}

// Merges the answer's `Vary` and any the app wrote over ours (`event.res.headers.set('vary',
// …)` after this middleware ran) with the decision's tokens.
function keepVary(target: Headers, d: CorsDecision, answerVary: string | null | undefined): void {
  const current = target.get('vary') ?? undefined
  const merged = mergeVary(mergeVary(answerVary, current), d.vary)
  if (merged !== undefined && merged !== current) target.set('vary', merged)
}

// The `Vary` of an answer that carries headers: an `HTTPError`, h3's `HTTPResponse` (`html()`,
// `redirect()`), or a plain error with a `headers` object, which h3 2 turns into Headers.
function varyOf(value: unknown): string | null | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const headers = (value as { headers?: unknown }).headers
  if (typeof headers !== 'object' || headers === null) return undefined
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get('vary')
  try {
    return new Headers(headers as HeadersInit).get('vary')
  } catch {
    // Headers h3 itself could not read: its error page then fails on its own.
    return undefined
  }
}
