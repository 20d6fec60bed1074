import type { CorsNext } from './cors'
import type { Decide } from './decide'
import type { CorsDecision } from './decision'
import * as H from './header-names'
import { whenResolved } from './maybe-promise'
import { mergeVary } from './vary'

/** Builds `handle(request, next)`: the core on Web `Request`/`Response`, for fetch-style runtimes. */
export function createHandle(
  decide: Decide,
  csrf: { readonly hostHeader: string } | undefined,
): (request: Request, next: CorsNext) => Promise<Response> {
  // `async` turns a synchronous throw (from `next` or an `origin` function) into a rejection;
  // nothing inside is awaited unless it is a promise (a sync policy and app cost no tick).
  return async function handle(request, next) {
    const h = request.headers
    const decision = decide(
      request.method,
      h.get(H.ORIGIN) ?? undefined,
      h.get(H.REQUEST_METHOD) ?? undefined,
      h.get(H.REQUEST_HEADERS) ?? undefined,
      h.get(H.REQUEST_PRIVATE_NETWORK) ?? undefined,
      request,
      // Read only when the policy has `csrf` on (semantics.md §10).
      csrf === undefined ? undefined : (h.get(H.FETCH_SITE) ?? undefined),
      csrf === undefined ? undefined : (h.get(csrf.hostHeader) ?? hostOf(request.url)),
    )
    return whenResolved(decision, (d) =>
      d.respond ? answerPreflight(d.status, d) : whenResolved(next(request), (r) => decorate(checked(r), d)),
    )
  }
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

// The decision carries everything, `Content-Length: 0` on a non-204 status included.
function answerPreflight(status: number, decision: CorsDecision): Response {
  const headers = new Headers()
  for (const [name, value] of decision.headers) headers.set(name, value)
  if (decision.vary !== undefined) headers.set(H.VARY, decision.vary)
  return new Response(null, { status, headers })
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
    apply(response.headers, decision)
    return response
  } catch (error) {
    // By name: a foreign realm's Headers throws its own realm's TypeError.
    if ((error as { name?: unknown } | null)?.name !== 'TypeError' || response.type === 'error') throw error
    const copy = new Response(response.body, response)
    apply(copy.headers, decision)
    return copy
  }
}

function apply(headers: Headers, decision: CorsDecision): void {
  for (const [name, value] of decision.headers) headers.set(name, value)
  const vary = mergeVary(headers.get(H.VARY), decision.vary)
  if (vary !== undefined) headers.set(H.VARY, vary)
}
