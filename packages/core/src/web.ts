import type { CorsNext } from './cors'
import type { Decide } from './decide'
import type { CorsDecision } from './decision'
import * as H from './header-names'
import { mergeVary } from './vary'

/** Builds `handle(request, next)`: the core on Web `Request`/`Response`, for fetch-style runtimes. */
export function createHandle(decide: Decide): (request: Request, next: CorsNext) => Promise<Response> {
  return async function handle(request, next) {
    const h = request.headers
    const pending = decide(
      request.method,
      h.get(H.ORIGIN) ?? undefined,
      h.get(H.REQUEST_METHOD) ?? undefined,
      h.get(H.REQUEST_HEADERS) ?? undefined,
      h.get(H.REQUEST_PRIVATE_NETWORK) ?? undefined,
      request,
    )
    const decision = pending instanceof Promise ? await pending : (pending as CorsDecision)
    if (decision.respond) return answerPreflight(decision.status, decision)
    const result = next(request)
    return decorate(result instanceof Promise ? await result : result, decision)
  }
}

function answerPreflight(status: number, decision: CorsDecision): Response {
  const headers = new Headers()
  for (const [name, value] of decision.headers) headers.set(name, value)
  if (decision.vary !== undefined) headers.set(H.VARY, decision.vary)
  // Safari reads a 2xx without Content-Length as a body still to come.
  if (status !== 204) headers.set('content-length', '0')
  return new Response(null, { status, headers })
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
    if (!(error instanceof TypeError) || response.type === 'error') throw error
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
