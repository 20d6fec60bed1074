import { type CorsOptions, type Cors as CorsPolicy, createCors } from '@crossway/core'
import { RequestMethod } from '@nestjs/common'
import {
  HOST_METADATA,
  METHOD_METADATA,
  MODULE_PATH,
  PATH_METADATA,
  VERSION_METADATA,
} from '@nestjs/common/constants.js'
import { type ApplicationConfig, MetadataScanner, type ModulesContainer } from '@nestjs/core'
// Nest's own path builder, the one its router registers routes with: global prefix and its
// exclusions, URI versioning and `RouterModule` paths come out exactly as served.
import { RoutePathFactory } from '@nestjs/core/router/route-path-factory.js'
import { pathToRegexp } from 'path-to-regexp'
import { CORS_METADATA_KEY, type CorsMetadata } from './cors.decorator'
import { compilePath, type PathMatcher, type PathMatchingOptions, sortBySpecificity } from './route-matcher'

/** A compiled policy: `decide` may return a promise when the `origin` option is a function. */
export type NestCorsPolicy = CorsPolicy<any, any>

interface RouteEntry {
  /** Upper-case method name, or `ALL` for `@All()`. */
  readonly method: string
  readonly path: string
  readonly matches: PathMatcher
  /** `undefined`: no CORS on this route (opted out, or no decorator and no default). */
  readonly policy: NestCorsPolicy | undefined
  readonly hosts: readonly RegExp[] | undefined
}

/** The request, read for its host only when a controller is bound to hosts. */
export interface HostedRequest {
  readonly hostname?: string | undefined
}

/** Finds the policy of the route a method and a path reach. */
export interface RouteTable {
  /**
   * The policy of the route the router would choose for `method` (upper-case) and
   * `pathname`, the default policy when no route matches, or `undefined` for no CORS.
   */
  readonly policyFor: (method: string, pathname: string, request: HostedRequest) => NestCorsPolicy | undefined
  /** Set when every route has the default policy: no lookup is needed. */
  readonly uniform: boolean
  readonly defaultPolicy: NestCorsPolicy | undefined
}

/** What the table is built from, read once at module init. */
export interface RouteTableSource {
  readonly modules: ModulesContainer
  readonly config: ApplicationConfig
  readonly defaultOptions: CorsOptions<any> | undefined
  readonly matching: PathMatchingOptions
  /** Whether the router picks the most specific route rather than the first registered. */
  readonly bySpecificity: boolean
  /** The adapter's `normalizePath`, which turns Nest's path into the one it registers. */
  readonly normalizePath: (path: string) => string
}

/**
 * Walks every controller as Nest's router does (same module, controller, method and path
 * order), builds each route's policy once, and indexes the routes by method. Throws
 * `CorsConfigError` naming the controller and method of the first bad policy.
 */
export function buildRouteTable(source: RouteTableSource): RouteTable {
  const defaultPolicy =
    source.defaultOptions === undefined
      ? undefined
      : createCors<any>(source.defaultOptions, { context: 'CorsModule.forRoot' })
  const policies = new PolicyCache(defaultPolicy)
  const entries = collectRoutes(source, policies)
  const ordered = source.bySpecificity ? sortBySpecificity(entries) : entries

  const uniform = !policies.decorated && entries.every((entry) => entry.policy === defaultPolicy)
  // One list per method, in matching order: HEAD requests are served by GET routes (Express
  // and Fastify both answer HEAD from a GET route), and `@All()` routes serve every method.
  const byMethod = new Map<string, RouteEntry[]>()
  const allOnly = ordered.filter((entry) => entry.method === 'ALL')
  for (const entry of ordered) {
    if (entry.method === 'ALL' || byMethod.has(entry.method)) continue
    const method = entry.method
    byMethod.set(
      method,
      ordered.filter(
        (e) => e.method === method || e.method === 'ALL' || (method === 'HEAD' && e.method === 'GET'),
      ),
    )
  }
  if (!byMethod.has('HEAD') && byMethod.has('GET')) {
    byMethod.set(
      'HEAD',
      ordered.filter((e) => e.method === 'GET' || e.method === 'ALL'),
    )
  }

  const policyFor = (method: string, pathname: string, request: HostedRequest) => {
    const candidates = byMethod.get(method) ?? allOnly
    for (let i = 0; i < candidates.length; i++) {
      const entry = candidates[i]!
      if (
        entry.matches(pathname) &&
        (entry.hosts === undefined || hostMatches(entry.hosts, request.hostname))
      ) {
        return entry.policy
      }
    }
    return defaultPolicy
  }
  return { policyFor, uniform, defaultPolicy }
}

function hostMatches(hosts: readonly RegExp[], hostname: string | undefined): boolean {
  if (hostname === undefined) return false
  // `match` rather than `test`: a user's RegExp may carry the stateful `g` flag.
  for (const host of hosts) if (hostname.match(host) !== null) return true
  return false
}

/** Compiles each distinct options object once, shared by every route that uses it. */
class PolicyCache {
  private readonly compiled = new Map<CorsOptions<any>, NestCorsPolicy>()
  private coreDefaults: NestCorsPolicy | undefined
  /** Whether any controller or handler carries `@Cors()`. */
  decorated = false

  constructor(private readonly defaultPolicy: NestCorsPolicy | undefined) {}

  resolve(metadata: CorsMetadata | undefined, where: string): NestCorsPolicy | undefined {
    if (metadata === undefined) return this.defaultPolicy
    this.decorated = true
    const options = metadata.options
    if (options === false) return undefined
    if (options === undefined) {
      if (this.defaultPolicy !== undefined) return this.defaultPolicy
      this.coreDefaults ??= createCors<any>()
      return this.coreDefaults
    }
    let policy = this.compiled.get(options)
    if (policy === undefined) {
      policy = createCors<any>(options, { context: `@Cors() on ${where}` })
      this.compiled.set(options, policy)
    }
    return policy
  }
}

function collectRoutes(source: RouteTableSource, policies: PolicyCache): RouteEntry[] {
  const { modules, config } = source
  const pathFactory = new RoutePathFactory(config)
  const scanner = new MetadataScanner()
  const versioningOptions = config.getVersioning()
  const globalPrefix = addLeadingSlash(config.getGlobalPrefix())
  const entries: RouteEntry[] = []

  for (const moduleRef of modules.values()) {
    // `RouterModule` stores its paths per application, with a plain fallback.
    const moduleType = moduleRef.metatype
    const modulePath: string | undefined =
      Reflect.getMetadata(MODULE_PATH + modules.applicationId, moduleType) ??
      Reflect.getMetadata(MODULE_PATH, moduleType)

    for (const wrapper of moduleRef.controllers.values()) {
      const controller = wrapper.metatype as (Function & { prototype: any }) | null
      if (!controller || typeof controller !== 'function') continue
      const name = controller.name
      const classMetadata: CorsMetadata | undefined = Reflect.getMetadata(CORS_METADATA_KEY, controller)
      // Validated even when every handler overrides it: a bad policy never waits for a request.
      const classPolicy = policies.resolve(classMetadata, name)
      const hosts = compileHosts(Reflect.getMetadata(HOST_METADATA, controller))
      const controllerVersion = versioningOptions
        ? (Reflect.getMetadata(VERSION_METADATA, controller) ?? versioningOptions.defaultVersion)
        : undefined
      const ctrlPaths = toArray<string>(Reflect.getMetadata(PATH_METADATA, controller) ?? '/')
      const prototype = controller.prototype

      for (const ctrlPath of ctrlPaths) {
        for (const methodName of scanner.getAllMethodNames(prototype)) {
          const handler = prototype[methodName]
          const methodPaths: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler)
          if (methodPaths === undefined) continue
          const requestMethod: RequestMethod =
            Reflect.getMetadata(METHOD_METADATA, handler) ?? RequestMethod.GET
          const methodMetadata: CorsMetadata | undefined = Reflect.getMetadata(CORS_METADATA_KEY, handler)
          const policy =
            methodMetadata === undefined
              ? classPolicy
              : policies.resolve(methodMetadata, `${name}.${methodName}`)
          const method = RequestMethod[requestMethod] ?? 'ALL'
          for (const methodPath of toArray(methodPaths)) {
            const paths = pathFactory.create(
              {
                ctrlPath: addLeadingSlash(ctrlPath),
                methodPath: addLeadingSlash(methodPath),
                modulePath,
                globalPrefix,
                controllerVersion,
                methodVersion: Reflect.getMetadata(VERSION_METADATA, handler),
                versioningOptions,
              },
              requestMethod,
            )
            for (const path of paths) {
              const registered = source.normalizePath(path)
              entries.push({
                method,
                path: registered,
                matches: compilePath(registered, source.matching),
                policy,
                hosts,
              })
            }
          }
        }
      }
    }
  }
  return entries
}

function compileHosts(host: unknown): readonly RegExp[] | undefined {
  if (host === undefined || host === null) return undefined
  const regexps: RegExp[] = []
  for (const h of toArray(host as string | RegExp)) {
    if (typeof h !== 'string') regexps.push(h)
    else {
      // Nest compiles `@Controller({ host })` strings with path-to-regexp's defaults.
      try {
        regexps.push(pathToRegexp(h).regexp)
      } catch {
        // Nest itself refuses such a host at start-up.
      }
    }
  }
  return regexps
}

function toArray<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? value : [value as T]
}

function addLeadingSlash(path: string | undefined): string {
  if (!path) return ''
  return path.startsWith('/') || path.startsWith('{/') ? path : `/${path}`
}
