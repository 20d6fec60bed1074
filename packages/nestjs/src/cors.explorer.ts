import type { CorsPolicyInput } from '@crossway/core'
import type { OnModuleInit } from '@nestjs/common'
import {
  AbstractHttpAdapter,
  type ApplicationConfig,
  type HttpAdapterHost,
  type ModulesContainer,
} from '@nestjs/core'
import { createCorsHook, type RequestHook } from './cors-hook'
import { createExpressResolver } from './express-router'
import { createFastifyResolver } from './fastify-router'
import type { PolicyResolver } from './policy-resolver'
import { buildRouteTable, type RouteTable } from './route-table'

/** The resolved module options: the default policy, or none. */
export interface CorsModuleSettings {
  readonly defaultOptions: CorsPolicyInput<any> | undefined
}

// One hook per adapter: a second CorsModule would answer preflights twice.
const kInstalled = Symbol.for('crossway.nestjs.installed')

interface HookableAdapter {
  setOnRequestHook(hook: RequestHook): void
  getType?(): string
  normalizePath?(path: string): string
  getInstance?(): unknown
  /** Where the built-in adapters keep a hook installed before ours. */
  onRequestHook?: RequestHook
  [kInstalled]?: true
}

/**
 * Builds the route table and installs the request hook when the application initialises:
 * after `setGlobalPrefix`, `enableVersioning` and the routes are known, before the server
 * listens. Every policy is compiled (and validated) here, once.
 */
export class CorsExplorer implements OnModuleInit {
  constructor(
    private readonly settings: CorsModuleSettings,
    private readonly modules: ModulesContainer,
    private readonly config: ApplicationConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    // An application context (no HTTP server) has no routes to protect.
    const adapter = this.adapterHost.httpAdapter as unknown as HookableAdapter | undefined
    const fastify = adapter?.getType?.() === 'fastify'
    const table = buildRouteTable({
      modules: this.modules,
      config: this.config,
      defaultOptions: this.settings.defaultOptions,
      normalizePath: (path) => adapter?.normalizePath?.(path) ?? path,
    })
    if (!adapter || (table.uniform && table.defaultPolicy === undefined)) return
    if (
      typeof adapter.setOnRequestHook !== 'function' ||
      adapter.setOnRequestHook === AbstractHttpAdapter.prototype.setOnRequestHook
    ) {
      throw new Error(
        `crossway: the HTTP adapter ${adapter.constructor.name} has no request hook (setOnRequestHook); ` +
          'use @nestjs/platform-express or @nestjs/platform-fastify',
      )
    }
    if (adapter[kInstalled]) {
      throw new Error(
        'crossway: CorsModule is imported more than once; import CorsModule.forRoot() once, in the root module',
      )
    }
    adapter[kInstalled] = true
    // The built-in adapters hold a single hook: chain one installed before ours (devtools).
    const resolver = table.uniform ? undefined : createResolver(adapter, fastify, table)
    adapter.setOnRequestHook(createCorsHook(table.defaultPolicy, resolver, fastify, adapter.onRequestHook))
  }
}

// The policy comes from the platform's own router (semantics.md §7a): Fastify's for the
// route it chose and the routes a preflight could reach, Express's route layers otherwise.
function createResolver(adapter: HookableAdapter, fastify: boolean, table: RouteTable): PolicyResolver {
  const resolver = fastify
    ? createFastifyResolver(adapter, table)
    : createExpressResolver(adapter.getInstance?.(), table)
  if (resolver === undefined) {
    throw new Error(
      `crossway: cannot read the routes of ${adapter.constructor.name}; per-route policies need ` +
        '@nestjs/platform-express (Express 5) or @nestjs/platform-fastify',
    )
  }
  return resolver
}
