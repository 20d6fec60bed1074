// Nest internals, all in this file: the metadata keys of `@nestjs/common/constants`, the
// `MODULE_PATH + applicationId` key `RouterModule` stores its paths under, and
// `RoutePathFactory` (a deep import of `@nestjs/core/router/route-path-factory.js`), called
// as `RouterExplorer.applyCallbackToRouter` calls it. Checked against Nest 11.2 (test/nest11)
// and 12.5 (the workspace), Express and Fastify adapters alike.
import { type Cors as CorsPolicy, type CorsPolicyInput, createCors } from '@crossway/core'
import { RequestMethod, VERSION_NEUTRAL, type VersioningOptions, VersioningType } from '@nestjs/common'
import {
  HOST_METADATA,
  METHOD_METADATA,
  MODULE_PATH,
  PATH_METADATA,
  VERSION_METADATA,
} from '@nestjs/common/constants.js'
import { type ApplicationConfig, MetadataScanner, type ModulesContainer } from '@nestjs/core'
// Nest's own path builder, the one its router registers routes with: global prefix and its
// exclusions, URI versioning and `RouterModule` paths come out exactly as registered, so
// they are the keys under which the platform's router reports the route it chose.
import { RoutePathFactory } from '@nestjs/core/router/route-path-factory.js'
import { pathToRegexp } from 'path-to-regexp'
import { CORS_METADATA_KEY, type CorsMetadata } from './cors.decorator'
import { createVersionFilter, type RouteVersion, type VersionFilter } from './version-filter'

/** A compiled policy: `decide` may return a promise when the `origin` option is a function. */
export type NestCorsPolicy = CorsPolicy<any, any>

/** One route as Nest registered it on the platform, with the policy of its handler. */
export interface RouteEntry {
  /** Upper-case method name, or `ALL` for `@All()`. */
  readonly method: string
  /** The path exactly as passed to the platform's router (after `normalizePath`). */
  readonly path: string
  /** `undefined`: no CORS on this route (opted out, or no decorator and no default). */
  readonly policy: NestCorsPolicy | undefined
  readonly hosts: readonly RegExp[] | undefined
  /**
   * The version Nest gave the handler under header, media-type or custom versioning (what
   * Fastify holds as the route's `version` constraint); `undefined` when the route is not
   * versioned that way (no versioning, URI versioning, or no version at all).
   */
  readonly version: RouteVersion | undefined
  /**
   * The Express adapter's version check for this route, or `undefined` when the route
   * serves every version (unversioned, or `VERSION_NEUTRAL` alone).
   */
  readonly acceptsVersion: VersionFilter | undefined
  /** `Controller.method`, the name Nest 12 gives the handler it registers. */
  readonly handlerName: string
}

/** The request, read for its host only when a controller is bound to hosts. */
export interface HostedRequest {
  readonly hostname?: string | undefined
}

/** Every route and the policies, read once at module init. */
export interface RouteTable {
  readonly entries: readonly RouteEntry[]
  /** Set when every route has the default policy: no lookup is needed. */
  readonly uniform: boolean
  readonly defaultPolicy: NestCorsPolicy | undefined
}

/** What the table is built from. */
export interface RouteTableSource {
  readonly modules: ModulesContainer
  readonly config: ApplicationConfig
  readonly defaultOptions: CorsPolicyInput<any> | undefined
  /** The adapter's `normalizePath`, which turns Nest's path into the one it registers. */
  readonly normalizePath: (path: string) => string
}

/**
 * Walks every controller as Nest's router does (same module, controller, method and path
 * order) and builds each route's policy once. Throws `CorsConfigError` naming the controller
 * and method of the first bad policy.
 */
export function buildRouteTable(source: RouteTableSource): RouteTable {
  const defaultPolicy =
    source.defaultOptions === undefined
      ? undefined
      : createCors<any>(source.defaultOptions, { context: 'CorsModule.forRoot' })
  const policies = new PolicyCache(defaultPolicy)
  const entries = collectRoutes(source, policies)
  const uniform = !policies.decorated && entries.every((entry) => entry.policy === defaultPolicy)
  return { entries, uniform, defaultPolicy }
}

/** Whether a route of `entryMethod` serves a request of `method` (upper-case). */
export function servesMethod(entryMethod: string, method: string): boolean {
  // Express and Fastify both answer HEAD from a GET route.
  return entryMethod === method || entryMethod === 'ALL' || (method === 'HEAD' && entryMethod === 'GET')
}

/** Whether a host-bound route's filter lets the request through (Nest's `applyHostFilter`). */
export function hostAccepts(entry: RouteEntry, request: HostedRequest): boolean {
  const hosts = entry.hosts
  if (hosts === undefined) return true
  const hostname = request.hostname ?? ''
  // `match` rather than `test`: a user's RegExp may carry the stateful `g` flag.
  for (const host of hosts) if (hostname.match(host) !== null) return true
  return false
}

/** Compiles each distinct options object once, shared by every route that uses it. */
class PolicyCache {
  private readonly compiled = new Map<CorsPolicyInput<any>, NestCorsPolicy>()
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
  const versioningOptions: VersioningOptions | undefined = config.getVersioning()
  const filtered = versioningOptions !== undefined && versioningOptions.type !== VersioningType.URI
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
          const methodVersion = Reflect.getMetadata(VERSION_METADATA, handler)
          // What `RoutePathFactory.getVersion` hands to the adapter's version filter: the
          // handler's own version wins over its controller's (and the default version).
          const version: RouteVersion | undefined = filtered
            ? (methodVersion ?? controllerVersion)
            : undefined
          const acceptsVersion =
            version === undefined || version === VERSION_NEUTRAL
              ? undefined
              : createVersionFilter(version, versioningOptions!)
          for (const methodPath of toArray(methodPaths)) {
            const paths = pathFactory.create(
              {
                ctrlPath: addLeadingSlash(ctrlPath),
                methodPath: addLeadingSlash(methodPath),
                modulePath,
                globalPrefix,
                controllerVersion,
                methodVersion,
                versioningOptions,
              },
              requestMethod,
            )
            for (const path of paths) {
              entries.push({
                method,
                path: source.normalizePath(path),
                policy,
                hosts,
                // Fastify constrains a route on its version unless it is VERSION_NEUTRAL.
                version: version === VERSION_NEUTRAL ? undefined : version,
                acceptsVersion,
                handlerName: `${wrapper.name}.${methodName}`,
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
