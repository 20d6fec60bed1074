// Express internals, all in this file: the application router's `stack` of layers (Express
// 5's `router` package, 2.x), a route layer's `route` (`path`, `methods`,
// `_handlesMethod()`) and `layer.match(pathname)`, which returns the match without touching
// the layer. Checked against express 5.1/5.2 with router 2.2/2.3 (Nest 12.5's and Nest 11.2's
// @nestjs/platform-express). Matching is Express's own code, so case sensitivity, strict
// routing, parameters, wildcards and encoded paths follow the application's settings.
import { type PolicyResolver, toCandidates } from './policy-resolver'
import { hostAccepts, type NestCorsPolicy, type RouteEntry, type RouteTable } from './route-table'

interface ExpressRoute {
  readonly path: unknown
  readonly methods: Readonly<Record<string, boolean | undefined>>
  _handlesMethod(method: string): boolean
}

interface ExpressLayer {
  readonly route?: ExpressRoute | undefined
  match(path: string): unknown
}

interface RoutedLayer {
  readonly layer: ExpressLayer
  readonly route: ExpressRoute
  /** Nest's routes registered under this layer's path and methods, in Nest's order. */
  readonly entries: readonly RouteEntry[]
}

/**
 * Asks Express's router which route serves a request: the route layers, in order, whose own
 * `match` accepts the path and whose route handles the method. A layer whose Nest handlers
 * all refuse the request (another host, another version) passes it on, as their filters do.
 */
export function createExpressResolver(app: unknown, table: RouteTable): PolicyResolver | undefined {
  const router = (app as { router?: { stack?: unknown } } | undefined)?.router
  const stack = router?.stack
  if (!Array.isArray(stack)) return undefined
  const layers: RoutedLayer[] = []
  for (const layer of stack as ExpressLayer[]) {
    const route = layer.route
    if (route === undefined || typeof layer.match !== 'function') continue
    layers.push({ layer, route, entries: table.entries.filter((entry) => belongsTo(entry, route)) })
  }
  const { defaultPolicy } = table

  function matches(routed: RoutedLayer, method: string, pathname: string): boolean | undefined {
    if (!routed.route._handlesMethod(method)) return false
    try {
      return Boolean(routed.layer.match(pathname))
    } catch {
      // A malformed escape in a parameter: Express answers the request with an error.
      return undefined
    }
  }

  function actual(request: any, method: string, pathname: string): NestCorsPolicy | undefined {
    for (let i = 0; i < layers.length; i++) {
      const routed = layers[i]!
      const matched = matches(routed, method, pathname)
      if (matched === undefined) return defaultPolicy
      if (!matched) continue
      const entries = routed.entries
      // A route Nest did not register (added on Express directly) serves the request itself.
      if (entries.length === 0) return defaultPolicy
      for (let j = 0; j < entries.length; j++) {
        const entry = entries[j]!
        if (
          hostAccepts(entry, request) &&
          (entry.acceptsVersion === undefined || entry.acceptsVersion(request))
        ) {
          return entry.policy
        }
      }
    }
    return defaultPolicy
  }

  function preflight(request: any, method: string, pathname: string) {
    // Every handler the request could reach whatever its version, up to the first that
    // takes any version: Express never gets past that one.
    const reached: (NestCorsPolicy | undefined)[] = []
    for (const routed of layers) {
      const matched = matches(routed, method, pathname)
      if (matched === undefined) break
      if (!matched) continue
      if (routed.entries.length === 0) {
        // A route Nest did not register takes every request that gets this far.
        reached.push(defaultPolicy)
        return toCandidates(reached, defaultPolicy)
      }
      for (const entry of routed.entries) {
        if (!hostAccepts(entry, request)) continue
        reached.push(entry.policy)
        if (entry.acceptsVersion === undefined) return toCandidates(reached, defaultPolicy)
      }
    }
    return toCandidates(reached, defaultPolicy)
  }

  return { actual, preflight }
}

function belongsTo(entry: RouteEntry, route: ExpressRoute): boolean {
  if (entry.path !== route.path) return false
  if (entry.method === 'ALL') return route.methods._all === true
  return route.methods[entry.method.toLowerCase()] === true
}
