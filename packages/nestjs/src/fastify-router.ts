// Fastify and Nest platform internals, all in this file: `request.is404`, `request.params`
// and `request.routeOptions` (`url`, `handler` and its name) for the route Fastify's router
// chose before the `onRequest` hooks ran, `initialConfig.routerOptions` and
// `supportedMethods`, Fastify's `lib/symbols.js` (`kChildren`, to tell which copy of Fastify
// built the instance), and find-my-way, Fastify's router, loaded from that copy. Fastify's own
// `findRoute()` cannot say which route it found (it returns a handler shared by every route),
// so preflights ask a find-my-way of the same package and options, holding the same paths.
// From FastifyAdapter: `requireNonEmptyParams` (its wrapper sends a matched request with an
// empty parameter to the not-found handler), `createRouteParamsMatcher` (12.x: the same for a
// path path-to-regexp reads otherwise) and `isRoutableRequestTarget` (its `onRequest` hook,
// after ours, does the same for a target that is not origin- or absolute-form). Checked
// against fastify 5.11/5.12 with find-my-way 9.7/9.10 (Nest 11.2's and Nest 12.5's
// @nestjs/platform-fastify).
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

/** The parts of Nest's FastifyAdapter that decide whether a matched route still answers 404. */
export interface NestFastifyAdapterLike {
  getInstance?(): unknown
  readonly requireNonEmptyParams?: unknown
  createRouteParamsMatcher?(url: string): ((request: unknown) => boolean) | undefined
  isRoutableRequestTarget?(url: string): boolean
}

interface FindMyWay {
  on(method: string, path: string, handler: () => void, store: unknown): void
  find(method: string, path: string): { store: unknown; params: Record<string, string | undefined> } | null
}

type FindMyWayFactory = (options: Record<string, unknown>) => FindMyWay

/** Nest's handlers under one path, and Nest's own re-check of the parameters the router matched. */
interface PathRoutes {
  readonly entries: RouteEntry[]
  /**
   * Whether Nest's handler wrapper turns this match into a 404 (it calls `callNotFound`
   * after our hook has run); `undefined` when Nest does not wrap the path's handlers.
   */
  readonly refuses: ((request: any, params: Record<string, string | undefined>) => boolean) | undefined
}

/** The find-my-way store: one method and path, the handlers registered under both. */
interface Stored {
  readonly entries: RouteEntry[]
  readonly routes: PathRoutes
}

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
 * it (versions, constraints), asked about the requested method and the path. Where Nest's
 * adapter answers a matched request with its not-found handler, the default policy decides,
 * as for any 404 (semantics.md §7a).
 */
export function createFastifyResolver(adapter: NestFastifyAdapterLike, table: RouteTable): PolicyResolver {
  const fastify = (adapter.getInstance?.() ?? {}) as FastifyInstanceLike
  const { defaultPolicy } = table
  const byUrl = new Map<string, PathRoutes>()
  for (const entry of table.entries) {
    const routes = byUrl.get(entry.path)
    if (routes === undefined)
      byUrl.set(entry.path, { entries: [entry], refuses: nestRefusal(adapter, entry.path) })
    else routes.entries.push(entry)
  }
  const router = buildRouter(fastify, byUrl)
  const routable = routableTarget(adapter)

  function actual(request: any, method: string): NestCorsPolicy | undefined {
    if (request.is404 || !routable(request.raw.url)) return defaultPolicy
    const route = request.routeOptions
    const routes = route === undefined ? undefined : byUrl.get(route.url)
    // A route registered on Fastify directly, not by Nest.
    if (routes === undefined) return defaultPolicy
    if (routes.refuses?.(request, request.params)) return defaultPolicy
    const entries = routes.entries
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
    if (!routable(request.raw.url)) return defaultPolicy
    const found = router.find(method, pathname)
    if (found === null) return defaultPolicy
    const stored = found.store as Stored
    // The same path as the request announced: Nest's re-check reads only the path.
    if (stored.routes.refuses?.(request, found.params)) return defaultPolicy
    const reached: (NestCorsPolicy | undefined)[] = []
    for (const entry of stored.entries) {
      // Nest's host filter answers 404 for another host: the default policy's answer.
      reached.push(hostAccepts(entry, request) ? entry.policy : defaultPolicy)
    }
    return toCandidates(reached, defaultPolicy)
  }

  return { actual, preflight }
}

// Nest wraps the handler of a path with a parameter (`requireNonEmptyParams`): find-my-way
// matches an empty parameter ("/users//x"), path-to-regexp, which Nest's middleware and its
// Express routes use, does not, so Nest sends such a match to the not-found handler; Nest 12
// also re-matches, with path-to-regexp, a path whose parameters find-my-way reads otherwise
// (a repeated name, `:lat,:lng`). Nest's own matcher is used, so the two cannot disagree.
function nestRefusal(adapter: NestFastifyAdapterLike, url: string): PathRoutes['refuses'] {
  if (typeof adapter.requireNonEmptyParams !== 'function' || !url.includes(':')) return undefined
  let matches: ((request: unknown) => boolean) | undefined
  if (typeof adapter.createRouteParamsMatcher === 'function') {
    // Nest logged its warning about a misread parameter name when it registered the route:
    // asked again under a silent logger, it does not log it twice.
    const quiet = Object.create(adapter, { logger: { value: silentLogger } })
    matches = adapter.createRouteParamsMatcher.call(quiet, url)
  }
  if (matches === undefined) return hasEmptyParam
  const check = matches
  return (request, params) => hasEmptyParam(request, params) || !check(request)
}

// Nest's wrapper lets only the wildcard (`*`) be empty.
function hasEmptyParam(_request: unknown, params: Record<string, string | undefined>): boolean {
  for (const name in params) if (params[name] === '' && name !== '*') return true
  return false
}

const silentLogger = { log() {}, warn() {}, error() {}, debug() {}, verbose() {} }

// Nest's `onRequest` hook after ours sends a target that is neither origin-form nor an
// absolute http(s) URL to the not-found handler: some find-my-way versions route "*users" as
// "/users" (9.10 answers it with a 400 itself, before any hook). Origin-form, by far the most
// common, is checked here without a call.
function routableTarget(adapter: NestFastifyAdapterLike): (url: string) => boolean {
  const isRoutable = adapter.isRoutableRequestTarget
  if (typeof isRoutable !== 'function') return () => true
  return (url) => url.charCodeAt(0) === 47 /* / */ || isRoutable.call(adapter, url)
}

function buildRouter(fastify: FastifyInstanceLike, byUrl: ReadonlyMap<string, PathRoutes>): FindMyWay {
  const config = fastify.initialConfig ?? {}
  const routerOptions: Record<string, unknown> = config.routerOptions ?? {}
  const options: Record<string, unknown> = {}
  // As Fastify builds its router: `routerOptions` first, then the top-level option.
  for (const key of MATCHING_OPTIONS) {
    const value = routerOptions[key] ?? config[key]
    if (value !== undefined) options[key] = value
  }
  const router = loadFindMyWay(fastify)(options)
  const methods = fastify.supportedMethods ?? ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
  const stores = new Map<string, Stored>()
  const add = (method: string, entry: RouteEntry, routes: PathRoutes) => {
    const key = `${method} ${entry.path}`
    const store = stores.get(key)
    if (store !== undefined) {
      if (!store.entries.includes(entry)) store.entries.push(entry)
      return
    }
    const created: Stored = { entries: [entry], routes }
    stores.set(key, created)
    try {
      router.on(method, entry.path, noop, created)
    } catch {
      // Fastify refused the same path at start-up, so no request reaches it.
    }
  }
  for (const routes of byUrl.values()) {
    for (const entry of routes.entries) {
      if (entry.method === 'ALL') for (const method of methods) add(method, entry, routes)
      else add(entry.method, entry, routes)
    }
  }
  // Fastify adds a HEAD route beside each GET route (`exposeHeadRoutes`) unless one exists.
  if (config.exposeHeadRoutes !== false) {
    for (const routes of byUrl.values()) {
      for (const entry of routes.entries)
        if (entry.method === 'GET' && !stores.has(`HEAD ${entry.path}`)) add('HEAD', entry, routes)
    }
  }
  return router
}

function noop(): void {}

/**
 * Loads the find-my-way of the Fastify copy that built `fastify`: the one
 * @nestjs/platform-fastify depends on (found from this package, the application's entry
 * script or the working directory, as a pnpm layout may hide it from some of them), or a
 * Fastify the application passed to the adapter. A copy is taken only once Fastify's own
 * symbols prove it built the instance: another version's router could match otherwise.
 */
export function loadFindMyWay(
  fastify: unknown,
  bases: readonly (string | undefined)[] = defaultBases(),
): FindMyWayFactory {
  const { createRequire } = process.getBuiltinModule('node:module')
  const tried = new Set<string>()
  for (const base of bases) {
    if (base === undefined) continue
    let from: NodeJS.Require
    try {
      from = createRequire(base)
    } catch {
      // Not an absolute path (an entry script given relative to another folder).
      continue
    }
    for (const fastifyPackage of [
      () =>
        createRequire(from.resolve('@nestjs/platform-fastify/package.json')).resolve('fastify/package.json'),
      () => from.resolve('fastify/package.json'),
    ]) {
      let found: string
      try {
        found = fastifyPackage()
      } catch {
        continue
      }
      if (tried.has(found)) continue
      tried.add(found)
      try {
        const fromFastify = createRequire(found)
        const { kChildren } = fromFastify('./lib/symbols.js') as { kChildren?: symbol }
        if (
          kChildren === undefined ||
          typeof fastify !== 'object' ||
          fastify === null ||
          !Object.hasOwn(fastify, kChildren)
        )
          continue
        const loaded = fromFastify('find-my-way')
        return (loaded.default ?? loaded) as FindMyWayFactory
      } catch {
        // Not a Fastify this file knows: try the next copy.
      }
    }
  }
  throw new Error(
    'crossway: cannot load find-my-way, the router of the Fastify instance @nestjs/platform-fastify uses ' +
      `(looked from ${bases.filter((b) => b !== undefined).join(', ')}; ` +
      `found ${tried.size === 0 ? 'no Fastify' : `only other copies of Fastify: ${[...tried].join(', ')}`}); ` +
      'add @nestjs/platform-fastify to the dependencies of the application that starts Nest, and start it from its folder',
  )
}

declare const __filename: string | undefined

function defaultBases(): (string | undefined)[] {
  // `__filename` in the CommonJS build, `import.meta.url` in the ES module build and sources.
  const own = typeof __filename === 'string' ? __filename : import.meta.url
  return [own, process.argv[1], `${process.cwd()}/`]
}
