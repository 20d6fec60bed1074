import { chooseByRoute, type RouteKeyNaming } from '@crossway/core/web'
import { type CorsHandle, createHandle, type SvelteKitCorsOptions } from './handle'

/**
 * Policies by SvelteKit route id: each key is a route id as `event.route.id` spells it (the
 * folder under `src/routes`, groups and params included: `/api/items/[id]`, `/(app)/api`), and
 * covers that route and every route below it. `false` carves routes out of a broader key: this
 * handle applies no policy to them.
 */
export type CorsRoutes = Readonly<Record<string, SvelteKitCorsOptions | false>>

/** What `corsByRoute` does with requests that match no route. */
export interface CorsByRouteOptions {
  /**
   * The policy for requests SvelteKit matched to no route (its 404), so that browser code can
   * read the 404 and preflights to unknown paths are answered.
   * @default undefined (they pass on untouched)
   */
  readonly notFound?: SvelteKitCorsOptions | undefined
}

const ROUTE_IDS: RouteKeyNaming = { noun: 'SvelteKit route id', article: 'a', spelledBy: 'event.route.id' }

/**
 * Builds one `handle` that applies a policy per part of the app, chosen by the route SvelteKit
 * matched for the request (`event.route.id`): the route that will run, for a preflight and for
 * the request it announces alike, after `reroute`, `paths.base`, trailing-slash and encoding
 * rules — never a second path matcher that could disagree with Kit's router (semantics.md §7a).
 * The most specific key governs, whatever the order of the keys. Every policy is validated
 * here, once: a bad one throws `CorsConfigError` naming its key at start-up.
 *
 * @example
 * // src/hooks.server.ts
 * import { corsByRoute } from '@crossway/sveltekit'
 * export const handle = corsByRoute({
 *   '/api/public': { origin: '*' },
 *   '/api': { origin: ['https://app.example.com'], credentials: true },
 *   '/api/internal': false,
 * })
 */
export function corsByRoute(routes: CorsRoutes, options: CorsByRouteOptions = {}): CorsHandle {
  const choose = chooseByRoute(
    routes,
    (policy, id) => createHandle(policy, `corsByRoute['${id}']`),
    ROUTE_IDS,
  )
  const notFound =
    options.notFound === undefined ? undefined : createHandle(options.notFound, 'corsByRoute notFound')

  return function crosswayCorsByRoute(input) {
    const routeId = input.event.route.id
    const handle = routeId === null ? notFound : choose(routeId)
    // No policy here: a later Crossway handle may still decide (nothing was claimed).
    return handle === undefined ? input.resolve(input.event) : handle(input)
  }
}
