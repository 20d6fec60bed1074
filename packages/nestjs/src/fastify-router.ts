// Fastify internals, all in this file: `request.is404` and `request.routeOptions` (`url`,
// `handler` and its name) for the route Fastify's router chose before the `onRequest` hooks
// ran, `initialConfig.routerOptions` and `supportedMethods`, and find-my-way, Fastify's
// router, loaded from the Fastify that @nestjs/platform-fastify depends on. Fastify's own
// `findRoute()` cannot say which route it found (it returns a handler shared by every
// route), so preflights ask a find-my-way of the same package and options, holding the
// same paths. Checked against fastify 5.11/5.12 with find-my-way 9.7/9.10 (Nest 11.2's and
// Nest 12.5's @nestjs/platform-fastify).
import { type PolicyResolver, toCandidates } from './policy-resolver'
import {
  hostAccepts,
  type NestCorsPolicy,
  type RouteEntry,
  type RouteTable,
  servesMethod,
} from './route-table'

interface FastifyInstanceLike {
  readonly initialConfig?: Record<string, any>
  readonly supportedMethods?: readonly string[]
}

interface FindMyWay {
  on(method: string, path: string, handler: () => void, store: unknown): void
  find(method: string, path: string): { store: unknown } | null
}

type FindMyWayFactory = (options: Record<string, unknown>) => FindMyWay

// Options that change which route a path reaches; the rest (constraints, default route,
// query-string parsing) do not matter to a lookup without constraints.
const MATCHING_OPTIONS = [
  'caseSensitive',
  'ignoreTrailingSlash',
  'ignoreDuplicateSlashes',
  'maxParamLength',
  'allowUnsafeRegex',
  'useSemicolonDelimiter',
] as const

/**
 * Actual requests: the route Fastify's router already chose, version constraint included.
 * Preflights: find-my-way, holding each Nest path once with every handler registered under
 * it (versions, constraints), asked about the requested method and the path.
 */
export function createFastifyResolver(instance: unknown, table: RouteTable): PolicyResolver {
  const fastify = instance as FastifyInstanceLike
  const { defaultPolicy } = table
  const byUrl = new Map<string, RouteEntry[]>()
  for (const entry of table.entries) {
    const list = byUrl.get(entry.path)
    if (list === undefined) byUrl.set(entry.path, [entry])
    else list.push(entry)
  }
  const router = buildRouter(fastify, table.entries)

  function actual(request: any, method: string): NestCorsPolicy | undefined {
    if (request.is404) return defaultPolicy
    const route = request.routeOptions
    const entries = route === undefined ? undefined : byUrl.get(route.url)
    // A route registered on Fastify directly, not by Nest.
    if (entries === undefined) return defaultPolicy
    // `routeOptions` does not report the route's constraints: among the handlers under this
    // path, the one Fastify found is told apart by the name Nest 12 gives it, else (Nest 11)
    // by its version check, the way the version constraint chose it.
    const name: unknown = route.handler?.name
    let served: RouteEntry | undefined
    let unversioned: RouteEntry | undefined
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!
      if (!servesMethod(entry.method, method)) continue
      if (entry.handlerName === name) {
        served = entry
        break
      }
      if (served === undefined && entry.acceptsVersion !== undefined && entry.acceptsVersion(request))
        served = entry
      if (unversioned === undefined && entry.acceptsVersion === undefined) unversioned = entry
    }
    served ??= unversioned
    // Nest's host filter answers 404 for another host: the default policy's answer.
    return served !== undefined && hostAccepts(served, request) ? served.policy : defaultPolicy
  }

  function preflight(request: any, method: string, pathname: string) {
    const found = router.find(method, pathname)
    if (found === null) return defaultPolicy
    const reached: (NestCorsPolicy | undefined)[] = []
    for (const entry of found.store as RouteEntry[]) {
      // Nest's host filter answers 404 for another host: the default policy's answer.
      reached.push(hostAccepts(entry, request) ? entry.policy : defaultPolicy)
    }
    return toCandidates(reached, defaultPolicy)
  }

  return { actual, preflight }
}

function buildRouter(fastify: FastifyInstanceLike, entries: readonly RouteEntry[]): FindMyWay {
  const config = fastify.initialConfig ?? {}
  const routerOptions: Record<string, unknown> = config.routerOptions ?? {}
  const options: Record<string, unknown> = {}
  // As Fastify builds its router: `routerOptions` first, then the top-level option.
  for (const key of MATCHING_OPTIONS) {
    const value = routerOptions[key] ?? config[key]
    if (value !== undefined) options[key] = value
  }
  const router = loadFindMyWay()(options)
  const methods = fastify.supportedMethods ?? ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
  const stores = new Map<string, RouteEntry[]>()
  const add = (method: string, entry: RouteEntry) => {
    const key = `${method} ${entry.path}`
    const store = stores.get(key)
    if (store !== undefined) {
      if (!store.includes(entry)) store.push(entry)
      return
    }
    const created = [entry]
    stores.set(key, created)
    try {
      router.on(method, entry.path, noop, created)
    } catch {
      // Fastify refused the same path at start-up, so no request reaches it.
    }
  }
  for (const entry of entries) {
    if (entry.method === 'ALL') for (const method of methods) add(method, entry)
    else add(entry.method, entry)
  }
  // Fastify adds a HEAD route beside each GET route (`exposeHeadRoutes`) unless one exists.
  if (fastify.initialConfig?.exposeHeadRoutes !== false) {
    for (const entry of entries)
      if (entry.method === 'GET' && !stores.has(`HEAD ${entry.path}`)) add('HEAD', entry)
  }
  return router
}

function noop(): void {}

function loadFindMyWay(): FindMyWayFactory {
  const { createRequire } = process.getBuiltinModule('node:module')
  // From this package, then from the application, the way Node finds Nest's platform package;
  // then the Fastify it depends on, then that Fastify's router.
  const bases = [moduleUrl(), `${process.cwd()}/`]
  for (const base of bases) {
    if (base === undefined) continue
    try {
      const platform = createRequire(base).resolve('@nestjs/platform-fastify/package.json')
      const fastify = createRequire(platform).resolve('fastify/package.json')
      const loaded = createRequire(fastify)('find-my-way')
      return (loaded.default ?? loaded) as FindMyWayFactory
    } catch {
      // try the next base
    }
  }
  throw new Error(
    'crossway: cannot load find-my-way, the router of the Fastify that @nestjs/platform-fastify uses; ' +
      'install @nestjs/platform-fastify where @crossway/nestjs can resolve it',
  )
}

declare const __filename: string | undefined

function moduleUrl(): string | undefined {
  // `__filename` in the CommonJS build, `import.meta.url` in the ES module build and sources.
  return typeof __filename === 'string' ? __filename : import.meta.url
}
