// `@crossway/core/web`: what every adapter on Web `Request`/`Response` does once the core has
// decided — read the request's headers, keep a sync decision sync, answer a preflight with a
// `Response`, add the headers to the application's `Response` (a copy when its headers are
// immutable). `handle` is this with the `Request` as the native request; Hono, h3 2, SvelteKit
// and Astro pass their own context instead, so an `origin` function sees what users know.

import type { CorsDecider } from './cors'
import type { CorsDecision } from './decision'
import * as H from './header-names'
import { type MaybePromise, whenResolved } from './maybe-promise'
import { mergeVary } from './vary'

export { chooseByRoute, type RouteKeyNaming } from './by-route'
export { claimRequest, warnStacked } from './claim'
export type { CorsDecision, CorsHeader } from './decision'
export type { MaybePromise } from './maybe-promise'
export { isThenable } from './maybe-promise'

/** Any policy built by `createCors`, whatever request type its `origin` function takes. */
export type WebCorsPolicy<Native> = CorsDecider<Native>

/**
 * Asks `policy` about a Web `Request`: reads `Origin` and the three preflight headers (and,
 * only for a policy with `csrf` on, `Sec-Fetch-Site` and the host: the configured header, or
 * the URL's host since Fetch forbids setting `Host`), passing `native` to an `origin` function.
 * Synchronous whenever the policy is.
 *
 * @example
 * const decision = decideWeb(policy, c.req.raw, c)
 */
export function decideWeb<Native>(
  policy: WebCorsPolicy<Native>,
  request: Request,
  native: Native,
): MaybePromise<CorsDecision> {
  const h = request.headers
  const csrf = policy.csrf
  const method = request.method
  // Only an `OPTIONS` request can be a preflight (semantics.md §1): for any other method the
  // three `Access-Control-Request-*` headers are never read, so they are not looked up
  // (each `Headers.get` walks undici's header list).
  const preflight = method === 'OPTIONS'
  return policy.decide(
    method,
    h.get(H.ORIGIN) ?? undefined,
    preflight ? (h.get(H.REQUEST_METHOD) ?? undefined) : undefined,
    preflight ? (h.get(H.REQUEST_HEADERS) ?? undefined) : undefined,
    preflight ? (h.get(H.REQUEST_PRIVATE_NETWORK) ?? undefined) : undefined,
    native,
    // Read only when the policy has `csrf` on (semantics.md §10).
    csrf === undefined ? undefined : (h.get(H.FETCH_SITE) ?? undefined),
    csrf === undefined ? undefined : (h.get(csrf.hostHeader) ?? hostOf(request.url)),
  )
}

/**
 * The whole CORS step on the Web path: decides, answers a preflight (or a CSRF refusal) with
 * its own `Response` without calling `next`, or calls `next()` and adds the headers to its
 * `Response`. Rejects with whatever `next` or an `origin` function throws, and with a
 * `TypeError` when `next` gives something other than a `Response`.
 *
 * @example
 * export const onRequest = (context, next) => runWeb(policy, context.request, context, next)
 */
export async function runWeb<Native>(
  policy: WebCorsPolicy<Native>,
  request: Request,
  native: Native,
  next: () => Response | PromiseLike<Response>,
): Promise<Response> {
  // `async`: a synchronous throw (from `next` or an `origin` function) becomes a rejection;
  // nothing inside is awaited unless it is a promise (a sync policy and app cost no tick).
  return whenResolved(decideWeb(policy, request, native), (d) =>
    d.respond ? preflightResponse(d) : whenResolved(next(), (r) => decorate(checked(r), d)),
  )
}

// Fetch's `Request` has no `Host` header (it is a forbidden request header): the URL's host is
// the host the client addressed.
function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host
  } catch {
    return undefined
  }
}

/**
 * The answer to a decision that responds (a preflight the middleware ends, or a CSRF
 * refusal): its status, its headers (`Content-Length: 0` on a non-204 status included) and
 * its `Vary`, with an empty body.
 */
export function preflightResponse(decision: CorsDecision & { readonly status: number }): Response {
  // Written into the Response's own headers: a `Headers` passed as `init` would be copied
  // (and sorted) by the constructor, which doubles the cost (1.9 µs against 3.7 µs).
  const response = new Response(null, { status: decision.status })
  const headers = response.headers
  const pairs = decision.headers
  for (let i = 0; i < pairs.length; i++) headers.append(pairs[i]![0], pairs[i]![1])
  if (decision.vary !== undefined) headers.append(H.VARY, decision.vary)
  return response
}

/**
 * The application's response, or a `TypeError` naming the mistake (semantics.md §4): a
 * missing `return`, a body instead of a `Response`, a `Response` factory not called.
 * A `Response` from another realm (a `vm` context, a second copy of undici) is accepted by
 * shape — a `body`, a numeric `status` and `headers` with `get` and `set` — since `instanceof` cannot
 * see it and its runtime serves it like any other.
 */
function checked(value: unknown): Response {
  if (value instanceof Response || isResponseLike(value)) return value as Response
  throw new TypeError(
    `crossway: next() must return a Response (or a promise of one); got ${describe(value)}. ` +
      'Return new Response(body, init) from the handler passed to cors.handle.',
  )
}

function isResponseLike(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const { status, headers } = value as { status?: unknown; headers?: { get?: unknown; set?: unknown } }
  return (
    'body' in value &&
    typeof status === 'number' &&
    typeof headers === 'object' &&
    headers !== null &&
    typeof headers.get === 'function' &&
    typeof headers.set === 'function'
  )
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (typeof value === 'function') return 'a function'
  if (typeof value !== 'object') return `a ${typeof value}`
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor
    ?.name
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `a ${name}` : 'a plain object'
}

/**
 * Adds the decision's headers to the application's response. Responses from `fetch()` and
 * `Response.redirect()` have immutable headers: those are copied into a new `Response`
 * (same body stream, status and headers) instead of failing.
 */
export function decorate(response: Response, decision: CorsDecision): Response {
  if (decision.headers.length === 0 && decision.vary === undefined) return response
  try {
    applyDecision(response.headers, decision)
    return response
  } catch (error) {
    // By name: a foreign realm's Headers throws its own realm's TypeError.
    if ((error as { name?: unknown } | null)?.name !== 'TypeError' || response.type === 'error') throw error
    const copy = new Response(response.body, response)
    applyDecision(copy.headers, decision)
    return copy
  }
}

/**
 * Sets a decision's headers on a mutable `Headers` and merges its `Vary` tokens into the one
 * already there: for frameworks that prepare response headers before the handler runs (h3 2's
 * `event.res.headers`).
 */
export function applyDecision(headers: Headers, decision: CorsDecision): void {
  const pairs = decision.headers
  for (let i = 0; i < pairs.length; i++) headers.set(pairs[i]![0], pairs[i]![1])
  const vary = mergeVary(headers.get(H.VARY), decision.vary)
  if (vary !== undefined) headers.set(H.VARY, vary)
}
