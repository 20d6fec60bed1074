// Per-route policies: compiled once per `config.cors` object, either when `onRoute` sees the
// route (so a bad one throws at the declaration) or at `onReady` for the routes declared before
// the plugin loaded, which only Fastify's router knows about. Nothing here is written per
// request: the tables are filled at start-up and only read afterwards.

import { type Cors, type CorsDecision, createCors } from '@crossway/core'
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify'
import { type FastifyRouteRecord, listRoutes } from './fastify-internals'
import { PreflightRouter } from './preflight-router'

export type Policy = Cors<FastifyRequest, CorsDecision | Promise<CorsDecision>>
/** `undefined`: the route has no policy of its own and uses the plugin's. */
export type RoutePolicy = Policy | false | undefined

export class RoutePolicies {
  readonly #compiled = new WeakMap<object, Policy>()
  #preflight: PreflightRouter<RoutePolicy> | undefined
  /** Whether any route has `config.cors`; until then nothing per route is looked up. */
  active = false

  /** The policy of a route's `config`, compiled on first sight; throws CorsConfigError. */
  compile(config: FastifyContextConfig | undefined, method: unknown, url: string): RoutePolicy {
    const own = config?.cors
    if (own == null) return undefined
    this.active = true
    if (own === false) return false
    let policy = this.#compiled.get(own)
    if (policy === undefined) {
      const methods = Array.isArray(method) ? method.join(',') : String(method)
      policy = createCors<FastifyRequest>(own, { context: `route ${methods} ${url}` })
      // Keyed by the options object: the automatic HEAD route and prefix twins share it.
      this.#compiled.set(own, policy)
    }
    return policy
  }

  /** Compiles every route Fastify knows and builds the preflight table; at `onReady`. */
  build(app: FastifyInstance): void {
    const routes = listRoutes(app)
    const policies = new Map<FastifyRouteRecord, RoutePolicy>()
    for (const route of routes) policies.set(route, this.compile(route.config, route.method, route.path))
    if (this.active) this.#preflight = new PreflightRouter(app, routes, (route) => policies.get(route))
  }

  /** The policy of the route that runs for this (non-preflight) request. */
  ofRequest(request: FastifyRequest): RoutePolicy {
    const config = request.routeOptions.config
    const own = config?.cors
    if (own == null || own === false) return own ?? undefined
    // Not in the router (a not-found handler's config): compiled once, here.
    return this.#compiled.get(own) ?? this.compile(config, request.method, request.url)
  }

  /** The policies of every route a preflight could announce; `null` when unsure. */
  ofPreflight(method: string, url: string, host: string | undefined): readonly RoutePolicy[] | null {
    return this.#preflight === undefined ? [] : this.#preflight.find(method, url, host)
  }
}
