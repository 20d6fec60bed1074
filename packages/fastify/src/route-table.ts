// Which route would a preflight's `Access-Control-Request-Method` reach? Fastify's `findRoute`
// answers whether one exists but not which, so this keeps a second find-my-way table with the
// same matching options (case, trailing and duplicate slashes, semicolons, prefixes), filled
// from `onRoute` and built at `onReady` only when some route has a policy of its own.

import type { FastifyInstance, RouteOptions } from 'fastify'
import FindMyWay from 'find-my-way'

type Host = string | RegExp | undefined
type Route = RouteOptions & { routePath: string; prefix: string }

const noop = () => {}

/** Maps (method, URL, Host) to the value recorded for the route Fastify would choose. */
export class RouteTable<T> {
  #pending: [method: string, url: string, host: Host, value: T, twin: boolean][] = []
  #router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | undefined
  #byHost = false

  /** Records a route as `onRoute` sees it. */
  add(route: Route, value: T): void {
    const { host, ...others } = (route.constraints ?? {}) as Record<string, unknown>
    // Other constraints (`version`, custom strategies) hang on headers a preflight never
    // carries, so a preflight can never reach those routes.
    if (Object.keys(others).length > 0) return
    if (host !== undefined) this.#byHost = true
    // With the default `prefixTrailingSlash`, Fastify also serves `/prefix/` for a `/` route
    // without an `onRoute` call; `build` asks Fastify whether it did.
    const twin =
      route.routePath === '' && route.prefix !== '' && (route.prefixTrailingSlash ?? 'both') === 'both'
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      this.#pending.push([method, route.url, host as Host, value, twin])
    }
  }

  /** Builds the table once every route is declared; `used: false` just drops the records. */
  build(app: FastifyInstance, used: boolean): void {
    const pending = this.#pending
    this.#pending = []
    if (!used) return
    const initial: Record<string, any> = app.initialConfig
    // Fastify 5 takes these under `routerOptions`, Fastify 4 at the top level. Reading only the
    // one that exists: Fastify 5 warns (FSTDEP022) when the top-level copies are touched.
    const o = initial.routerOptions ?? initial
    const router = FindMyWay({
      caseSensitive: o.caseSensitive,
      ignoreTrailingSlash: o.ignoreTrailingSlash,
      ignoreDuplicateSlashes: o.ignoreDuplicateSlashes,
      maxParamLength: o.maxParamLength,
      useSemicolonDelimiter: o.useSemicolonDelimiter,
      // Fastify already accepted (or refused) every pattern.
      allowUnsafeRegex: true,
    } as FindMyWay.Config<FindMyWay.HTTPVersion.V1>)
    for (const [method, url, host, value, twin] of pending) {
      const constraints = host === undefined ? {} : { host }
      add(router, method, url, constraints, value)
      if (twin && app.hasRoute({ method: method as any, url: `${url}/`, constraints })) {
        add(router, method, `${url}/`, constraints, value)
      }
    }
    this.#router = router
  }

  /** The value of the route that `method` and `url` reach; `undefined` when none does. */
  find(method: string, url: string, host: string | undefined): T | undefined {
    return this.#router?.find(method as any, url, this.#byHost ? { host } : undefined)?.store.value
  }
}

function add(
  router: FindMyWay.Instance<any>,
  method: string,
  url: string,
  constraints: object,
  value: unknown,
) {
  // The first declaration wins, as in Fastify's router, whose own duplicates (automatic HEAD
  // routes, trailing-slash twins) arrive here too. Boxed: find-my-way turns a falsy store into null.
  try {
    router.on(method as any, url, { constraints }, noop, { value })
  } catch {}
}
