import type { CorsPolicyInput } from '@crossway/core'
import { type DynamicModule, type FactoryProvider, Module, type ModuleMetadata } from '@nestjs/common'
import { ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core'
import { CorsExplorer, type CorsModuleSettings } from './cors.explorer'

// Explicit tokens everywhere: no provider here relies on emitted decorator metadata, which
// esbuild, oxc and SWC setups do not always produce.
const CORS_MODULE_SETTINGS = Symbol('crossway:cors-module-settings')

/** `CorsModule.forRootAsync` options: a factory for the default policy, with its dependencies. */
export interface CorsModuleAsyncOptions {
  /** Modules that export the providers named in `inject` (e.g. `ConfigModule`). */
  readonly imports?: ModuleMetadata['imports']
  /** Tokens whose instances are passed to `useFactory`, in order. */
  readonly inject?: FactoryProvider['inject']
  /** Returns the default policy, or `undefined` for none (only `@Cors()` routes get CORS). */
  readonly useFactory: (
    ...args: any[]
  ) => CorsPolicyInput<any> | undefined | Promise<CorsPolicyInput<any> | undefined>
}

const explorerProvider: FactoryProvider = {
  provide: CorsExplorer,
  useFactory: (
    settings: CorsModuleSettings,
    modules: ModulesContainer,
    config: ApplicationConfig,
    adapterHost: HttpAdapterHost,
  ) => new CorsExplorer(settings, modules, config, adapterHost),
  inject: [CORS_MODULE_SETTINGS, ModulesContainer, ApplicationConfig, HttpAdapterHost],
}

/**
 * Per-route CORS for Nest, on Express and on Fastify. Import it once, in the root module:
 * it answers preflights for every route (no `@Options()` handler, `app.enableCors()` or
 * middleware to write) and adds the CORS headers of each route's policy to its responses,
 * errors included.
 *
 * @example
 * @Module({ imports: [CorsModule.forRoot({ origin: ['https://app.example.com'] })] })
 * export class AppModule {}
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a class, configured through static forRoot methods
export class CorsModule {
  /**
   * Registers the module. With `options`, they are the default policy of every route
   * without `@Cors()` and of paths no route serves (404s and their preflights included);
   * without, only routes under `@Cors()` get CORS headers.
   *
   * @example
   * CorsModule.forRoot({ origin: ['https://app.example.com'], credentials: true })
   */
  static forRoot(options?: CorsPolicyInput<any>): DynamicModule {
    const settings: CorsModuleSettings = { defaultOptions: options }
    return {
      module: CorsModule,
      providers: [{ provide: CORS_MODULE_SETTINGS, useValue: settings }, explorerProvider],
    }
  }

  /**
   * Registers the module with a default policy built from other providers, such as
   * `ConfigService`.
   *
   * @example
   * CorsModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({ origin: config.get('CORS_ORIGINS').split(',') }),
   * })
   */
  static forRootAsync(options: CorsModuleAsyncOptions): DynamicModule {
    const { useFactory } = options
    return {
      module: CorsModule,
      imports: [...(options.imports ?? [])],
      providers: [
        {
          provide: CORS_MODULE_SETTINGS,
          useFactory: async (...args: unknown[]): Promise<CorsModuleSettings> => ({
            defaultOptions: await useFactory(...args),
          }),
          inject: [...(options.inject ?? [])],
        },
        explorerProvider,
      ],
    }
  }
}
