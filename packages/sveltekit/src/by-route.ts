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

interface RouteEntry {
  readonly id: string
  readonly depth: number
  readonly handle: CorsHandle | undefined
}

// A route id: `/`, or `/`-separated non-empty segments without a trailing slash.
const ROUTE_ID = /^\/(?:[^/\s]+(?:\/[^/\s]+)*)?$/

function checkRouteId(id: string): void {
  if (id.includes('*')) {
    const prefix = id.slice(0, id.indexOf('*')).replace(/\/+$/, '') || '/'
    throw new TypeError(
      `crossway: corsByRoute key "${id}" is a pattern; keys are SvelteKit route ids, each covering the routes below it: write "${prefix}".`,
    )
  }
  if (!ROUTE_ID.test(id)) {
    throw new TypeError(
      `crossway: corsByRoute key "${id}" is not a SvelteKit route id; write it as event.route.id spells it, e.g. "/api" or "/api/items/[id]" (a leading "/", no trailing "/").`,
    )
  }
}

function covers(entry: RouteEntry, routeId: string): boolean {
  return entry.id === '/' || routeId === entry.id || routeId.startsWith(`${entry.id}/`)
}

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
  const entries: RouteEntry[] = Object.entries(routes).map(([id, policy]) => {
    checkRouteId(id)
    const handle = policy === false ? undefined : createHandle(policy, `corsByRoute['${id}']`)
    return { id, depth: id === '/' ? 0 : id.split('/').length, handle }
  })
  entries.sort((a, b) => b.depth - a.depth)
  const notFound =
    options.notFound === undefined ? undefined : createHandle(options.notFound, 'corsByRoute notFound')
  // Route ids come from the app's manifest, never from the request: this map is as small as the app.
  const chosen = new Map<string, CorsHandle | undefined>()
  const choose = (routeId: string): CorsHandle | undefined => {
    const handle = entries.find((entry) => covers(entry, routeId))?.handle
    chosen.set(routeId, handle)
    return handle
  }

  return function crosswayCorsByRoute(input) {
    const routeId = input.event.route.id
    const handle = routeId === null ? notFound : chosen.has(routeId) ? chosen.get(routeId) : choose(routeId)
    // No policy here: a later Crossway handle may still decide (nothing was claimed).
    return handle === undefined ? input.resolve(input.event) : handle(input)
  }
}
