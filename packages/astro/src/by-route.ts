import { chooseByRoute, type RouteKeyNaming } from '@crossway/core/web'
import type { APIContext, MiddlewareNext } from 'astro'
import { type AstroCorsMiddleware, type AstroCorsOptions, createMiddleware } from './middleware'

/**
 * Policies by Astro route, each key spelled as `context.routePattern` gives it (the file's
 * path under `src/pages`, params included: `/api/items/[id]`, `/api/[...path]`), and covering
 * that route and every route below it. `false` carves routes out of a broader key: this
 * middleware applies no policy to them.
 */
export type CorsRoutes = Readonly<Record<string, AstroCorsOptions | false>>

/** What `corsByRoute` does with requests that match no route. */
export interface CorsByRouteOptions {
  /**
   * The policy for requests Astro matched to no route (it renders its 404 page, route `/404`),
   * so that browser code can read the 404 and preflights to unknown paths are answered. Left
   * out: they pass untouched.
   */
  readonly notFound?: AstroCorsOptions | undefined
}

const ROUTE_PATTERNS: RouteKeyNaming = {
  noun: 'Astro route pattern',
  article: 'an',
  spelledBy: 'context.routePattern',
}

// The route Astro renders when nothing matched: src/pages/404.astro, or its own default page.
const NOT_FOUND_ROUTE = '/404'

/**
 * Builds one middleware that applies a policy per part of the app, chosen by the route Astro
 * matched for the request (`context.routePattern`): the route that will run, for a preflight
 * and for the request it announces alike (Astro routes by path, never by method), after
 * `base`, trailing-slash and encoding rules — never a second path matcher that could disagree
 * with Astro's router (semantics.md §7a). The most specific key governs, whatever the order of
 * the keys. Every policy is validated here, once: a bad one throws `CorsConfigError` naming
 * its key when the server starts.
 *
 * @example
 * // src/middleware.ts
 * import { corsByRoute } from '@crossway/astro'
 * export const onRequest = corsByRoute({
 *   '/api/public': { origin: '*' },
 *   '/api': { origin: ['https://app.example.com'], credentials: true },
 *   '/api/internal': false,
 * })
 */
export function corsByRoute(routes: CorsRoutes, options: CorsByRouteOptions = {}): AstroCorsMiddleware {
  const choose = chooseByRoute(
    routes,
    (policy, pattern) => createMiddleware(policy, `corsByRoute['${pattern}']`),
    ROUTE_PATTERNS,
  )
  const notFound =
    options.notFound === undefined ? undefined : createMiddleware(options.notFound, 'corsByRoute notFound')

  return function crosswayCorsByRoute(context: APIContext, next: MiddlewareNext) {
    const routePattern = context.routePattern
    const middleware =
      routePattern === NOT_FOUND_ROUTE && notFound !== undefined ? notFound : choose(routePattern)
    // No policy here: a later Crossway middleware may still decide (nothing was claimed).
    return middleware === undefined ? next() : middleware(context, next)
  }
}
