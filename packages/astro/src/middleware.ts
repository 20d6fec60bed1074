import { type CorsPolicyInput, createCors } from '@crossway/core'
import {
  type CorsDecision,
  claimRequest,
  decideWeb,
  decorate,
  isThenable,
  preflightResponse,
  warnStacked,
} from '@crossway/core/web'
import type { APIContext, MiddlewareNext } from 'astro'

/**
 * The options of `cors()`: the core's policy, whose `origin` function receives Astro's
 * `APIContext` (`context.url`, `context.routePattern`, `context.locals`, `context.cookies`…); or
 * a policy built by `createCors` / `createLiveCors`, used as is (a live one stays reconfigurable).
 */
export type AstroCorsOptions = CorsPolicyInput<APIContext>

/**
 * What `cors()` returns: an Astro middleware (`onRequest`), usable alone or in `sequence()`.
 * It answers synchronously when it answers a preflight from a synchronous policy.
 */
export type AstroCorsMiddleware = (context: APIContext, next: MiddlewareNext) => Response | Promise<Response>

const STACKED_WARNING =
  'crossway: a request met two @crossway/astro middlewares; the first one decided it and the later one did nothing. Give each policy its own routes (corsByRoute, see "One policy per request" in the @crossway/astro README).'

const FIRST = 0
const STACKED = 1
const ERROR_PAGE = 2

/**
 * Whether this middleware is the first Crossway one to meet the request (semantics.md §7a).
 * Both objects are marked: `sequence()` hands every middleware the same context but a new
 * `Request` after a rewrite (`next('/elsewhere')`), while Astro renders a 404 or 500 page by
 * running the middleware again with a new context around the same `Request`.
 */
function claim(context: APIContext): typeof FIRST | typeof STACKED | typeof ERROR_PAGE {
  const freshRequest = claimRequest(context.request)
  const freshContext = claimRequest(context)
  if (freshRequest && freshContext) return FIRST
  return freshContext ? ERROR_PAGE : STACKED
}

/**
 * `cors()` with the place the policy came from, for `CorsConfigError` messages
 * (`corsByRoute['/api']`).
 */
export function createMiddleware(options: AstroCorsOptions | undefined, where?: string): AstroCorsMiddleware {
  const policy = createCors<APIContext>(options, where === undefined ? undefined : { context: where })
  let warnedStacked = false

  return function crosswayCors(context, next) {
    // Prerendered routes run their middleware at build time, where there is no browser request
    // to answer (and reading `request.headers` makes Astro warn): CORS is for on-demand routes.
    if (context.isPrerendered) return next()
    const claimed = claim(context)
    if (claimed !== FIRST) {
      // The error-page pass needs nothing: Astro merges the headers this middleware put on the
      // first response into the page it renders. A second cors() in one chain steps aside.
      if (claimed === STACKED && !warnedStacked) {
        warnedStacked = true
        warnStacked(STACKED_WARNING)
      }
      return next()
    }
    const decision = decideWeb(policy, context.request, context)
    return isThenable(decision)
      ? Promise.resolve(decision).then((d) => answer(d, next))
      : answer(decision, next)
  }
}

// TODO(core): runWeb hands a throw from `next` back as a rejection, without the decision; this
// needs the decision to choose. The rest is the Web glue's own pieces.
function answer(decision: CorsDecision, next: MiddlewareNext): Response | Promise<Response> {
  // A preflight, or a forgery refused by `csrf`: answered here, before Astro looks for an
  // `OPTIONS` export (none would give Astro's 404) and before the route runs.
  if (decision.respond) return preflightResponse(decision)
  return continueWith(decision, next)
}

async function continueWith(decision: CorsDecision, next: MiddlewareNext): Promise<Response> {
  let response: Response
  try {
    response = await next()
  } catch (error) {
    // Without an `Origin` nothing needs reading cross-origin: Astro keeps its own handling (the
    // dev overlay, its log, 500.astro with `Astro.props.error`). A CORS request gets its 500 here:
    // Astro's own 500 for a throw runs no middleware (unless the app has a 500.astro) and would
    // carry no CORS header, so browser code would see a network error instead (semantics.md §4).
    // A 500 without a body still makes Astro render src/pages/500.astro, keeping these headers.
    if (decision.kind === 'not-cors') throw error
    console.error(error)
    response = new Response(null, { status: 500 })
  }
  // Responses from `fetch()` and `Response.redirect()` have immutable headers: `decorate` copies them.
  return decorate(response, decision)
}
