import { type CorsPolicyInput, createCors } from '@crossway/core'
import { claimRequest, runWeb, warnStacked } from '@crossway/core/web'
import type { RequestEvent } from '@sveltejs/kit'

/**
 * The options of `cors()`: the core's policy, whose `origin` function receives SvelteKit's
 * `RequestEvent` (`event.url`, `event.route.id`, `event.locals`, `event.platform`…); or a policy
 * built by `createCors` / `createLiveCors`, used as is (a live one stays reconfigurable).
 */
export type SvelteKitCorsOptions = CorsPolicyInput<RequestEvent>

/**
 * The `handle` hook `cors()` and `corsByRoute()` build: assignable to SvelteKit's `Handle`, and
 * usable in `sequence()`. Declared here, structurally, because Kit 2 exports `Handle` from
 * `@sveltejs/kit` and Kit 3 from `@sveltejs/kit/hooks`.
 */
export type CorsHandle = (input: {
  readonly event: RequestEvent
  readonly resolve: (event: RequestEvent) => Response | Promise<Response>
}) => Response | Promise<Response>

const STACKED_WARNING =
  'crossway: a request met two @crossway/sveltekit handles; the first one decided it and the later one did nothing. Give each policy its own routes (corsByRoute, see "One policy per request" in the @crossway/sveltekit README).'

/** `cors()` with the place the policy came from, for `CorsConfigError` messages (`corsByRoute['/api']`). */
export function createHandle(options: SvelteKitCorsOptions | undefined, context?: string): CorsHandle {
  const policy = createCors<RequestEvent>(options, context === undefined ? undefined : { context })
  let warnedStacked = false

  return function crosswayCors({ event, resolve }) {
    const request = event.request
    // `sequence()` hands each hook a copy of the event, but the same `Request`: marking it lets the
    // first Crossway hook decide, preflight and actual request alike, and a later one step aside
    // (semantics.md §7a). A later one could never see the preflight the first one answered.
    if (!claimRequest(request)) {
      if (!warnedStacked) {
        warnedStacked = true
        warnStacked(STACKED_WARNING)
      }
      return resolve(event)
    }
    // `resolve` turns what the route does — a Response, `error()`, `redirect()`, a thrown Error,
    // Kit's 404 — into a Response, which `runWeb` decorates. A preflight or a CSRF refusal is
    // answered here and never reaches `resolve` (an endpoint without an `OPTIONS` export would 405).
    // An `origin` function's error rejects, and Kit answers it with its 500 page.
    return runWeb(policy, request, event, () => resolve(event))
  }
}
