// The one place that leans on how Fastify and find-my-way work inside. Checked against
// Fastify 4.29.1 (find-my-way 8.2.2) and Fastify 5.12.8 (find-my-way 9.10.x).
//
// Why: `onRoute` only sees routes declared after the hook was added, so with
// `app.register(cors)` left unawaited (the usual style) every route declared before the
// plugin loads is invisible to it. Fastify has no public way to list its routes with their
// options: its find-my-way router is private and `findRoute` hides the route's context.
// The one public door is `printRoutes({ includeMeta })`: Fastify hands our options object to
// find-my-way's `prettyPrint`, which stores its own `buildPrettyMeta` on that object and then
// calls it with each route record (`{ method, path, opts: { constraints }, store }`, `store`
// being Fastify's route context with its `config`). An accessor on our object receives those
// records instead. If either project changes that, `listRoutes` throws at start-up (never a
// silent fall-back to the plugin's policy), and test/fastify-internals.test.ts fails.

import type { FastifyContextConfig, FastifyInstance } from 'fastify'

/** A route as Fastify's own router holds it (automatic HEAD routes and prefix twins included). */
export interface FastifyRouteRecord {
  readonly method: string
  /** The pattern Fastify gave its router, prefix included. */
  readonly path: string
  readonly constraints: Readonly<Record<string, unknown>>
  /** The route's `config`, the same object `request.routeOptions.config` returns. */
  readonly config: FastifyContextConfig
}

const BROKEN =
  'crossway: @crossway/fastify cannot list the routes of this Fastify version (checked against 4.29.1 and 5.12.8); please report it with your Fastify version'

/** Every route in Fastify's router, whenever and wherever it was declared. */
export function listRoutes(app: FastifyInstance): FastifyRouteRecord[] {
  const records: FastifyRouteRecord[] = []
  let handedOver = false
  const collect = (route: any): object => {
    const config = route?.store?.config
    if (typeof route?.method !== 'string' || typeof route.path !== 'string' || config == null) {
      throw new Error(BROKEN)
    }
    records.push({
      method: route.method,
      path: route.path,
      constraints: route.opts?.constraints ?? {},
      config,
    })
    // Nothing to print: the string `printRoutes` builds is thrown away.
    return {}
  }
  const options = { includeMeta: true }
  Object.defineProperty(options, 'buildPrettyMeta', {
    get: () => collect,
    set: () => {
      handedOver = true
    },
  })
  app.printRoutes(options as Parameters<FastifyInstance['printRoutes']>[0])
  // find-my-way assigns `buildPrettyMeta` even for an empty router, so not seeing the
  // assignment means the mechanism is gone, not that there are no routes.
  if (!handedOver) throw new Error(BROKEN)
  return records
}

/**
 * The options Fastify gave its router. Fastify 5 reads them from `routerOptions` (top-level
 * copies folded in) and keeps them only in its private options, while `initialConfig` shows
 * the top-level values alone; Fastify 4 has no `routerOptions` and `initialConfig` is exact.
 */
export function routerOptionsOf(app: FastifyInstance): Readonly<Record<string, unknown>> {
  const key = Object.getOwnPropertySymbols(app).find((symbol) => symbol.description === 'fastify.options')
  const routerOptions = key === undefined ? undefined : (app as any)[key]?.routerOptions
  // Without them (a future Fastify), `initialConfig` is the best guess; a wrong guess only
  // makes the preflight table disagree with `findRoute`, which refuses those preflights.
  return routerOptions ?? app.initialConfig
}
