import {
  Controller,
  Get,
  Injectable,
  type MiddlewareConsumer,
  Module,
  type NestMiddleware,
  type NestModule,
} from '@nestjs/common'
import { type AbstractHttpAdapter, NestFactory } from '@nestjs/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cors, CorsConfigError, CorsModule, isCorsConfigError } from '../src/index'
import { platforms, type StartedApp, start } from './app'
import { A, B, D, DogsController } from './fixtures'
import { preflight, send } from './http'

/** A stand-in for `@nestjs/config`'s ConfigService, provided under an explicit token. */
class AppConfig {
  constructor(private readonly values: Record<string, string>) {}
  get(key: string): string | undefined {
    return this.values[key]
  }
}

@Module({
  providers: [{ provide: AppConfig, useValue: new AppConfig({ CORS_ORIGIN: D }) }],
  exports: [AppConfig],
})
class ConfigModule {}

@Module({
  imports: [
    CorsModule.forRootAsync({
      imports: [ConfigModule],
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => ({ origin: [config.get('CORS_ORIGIN')!] }),
    }),
  ],
  controllers: [DogsController],
})
class AsyncModule {}

@Controller('functions')
class FunctionsController {
  calls = 0

  @Cors({ origin: async (origin: string) => origin === A })
  @Get('async')
  asyncOrigin() {
    this.calls++
    return 'async'
  }

  @Cors({
    origin: (_origin: string, req: { headers: Record<string, string | undefined> }) =>
      req.headers['x-tenant'] === 'acme',
  })
  @Get('native')
  native() {
    return 'native'
  }

  @Cors({
    origin: () => {
      throw new Error('origin lookup failed')
    },
  })
  @Get('throws')
  throws() {
    this.calls++
    return 'unreachable'
  }
}

@Module({ imports: [CorsModule.forRoot()], controllers: [FunctionsController] })
class FunctionsModule {}

/** An auth middleware that refuses every request without a token: preflights carry none. */
@Injectable()
class RequireToken implements NestMiddleware {
  use(req: { headers: Record<string, string | undefined> }, res: any, next: () => void) {
    if (req.headers.authorization) return next()
    const raw = res.raw ?? res
    raw.statusCode = 401
    raw.end('token required')
  }
}

@Module({ imports: [CorsModule.forRoot({ origin: [A] })], controllers: [DogsController] })
class GuardedModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(RequireToken).forRoutes('*path')
  }
}

for (const platform of platforms) {
  describe(`${platform.name}: CorsModule`, () => {
    it('takes its default policy from forRootAsync and an injected provider', async () => {
      const app = await start(platform, AsyncModule)
      try {
        const res = await send(app.url, 'GET', '/dogs', { origin: D })
        expect(res.headers['access-control-allow-origin']).toBe(D)
        const other = await send(app.url, 'GET', '/dogs', { origin: A })
        expect(other.headers['access-control-allow-origin']).toBeUndefined()
      } finally {
        await app.close()
      }
    })

    it('answers preflights before middleware and keeps the headers on what middleware sends', async () => {
      const app = await start(platform, GuardedModule)
      try {
        const pre = await preflight(app.url, '/dogs', A, 'GET', 'authorization')
        expect(pre.status).toBe(204)
        expect(pre.headers['access-control-allow-headers']).toBe('*,authorization')
        const refused = await send(app.url, 'GET', '/dogs', { origin: A })
        expect(refused.status).toBe(401)
        expect(refused.headers['access-control-allow-origin']).toBe(A)
        const served = await send(app.url, 'GET', '/dogs', { origin: A, authorization: 'Bearer t' })
        expect(served.body).toBe('dogs')
        expect(served.headers['access-control-allow-origin']).toBe(A)
      } finally {
        await app.close()
      }
    })

    it('runs a request hook installed before it first, preflights included', async () => {
      const seen: string[] = []
      const app = await start(platform, GuardedModule, (nest) => {
        ;(nest.getHttpAdapter() as AbstractHttpAdapter).setOnRequestHook(
          (req: { url: string }, _res: unknown, done: () => void) => {
            seen.push(req.url)
            done()
          },
        )
      })
      try {
        const res = await send(app.url, 'GET', '/dogs?x=1', { origin: A, authorization: 'Bearer t' })
        expect(res.headers['access-control-allow-origin']).toBe(A)
        const pre = await preflight(app.url, '/dogs', A, 'GET')
        expect(pre.status).toBe(204)
        expect(seen).toEqual(['/dogs?x=1', '/dogs'])
      } finally {
        await app.close()
      }
    })

    describe('origin functions', () => {
      let app: StartedApp
      beforeAll(async () => {
        app = await start(platform, FunctionsModule)
      })
      afterAll(() => app.close())

      it('waits for an async origin function', async () => {
        const allowed = await send(app.url, 'GET', '/functions/async', { origin: A })
        expect(allowed.headers['access-control-allow-origin']).toBe(A)
        const refused = await send(app.url, 'GET', '/functions/async', { origin: B })
        expect(refused.status).toBe(200)
        expect(refused.headers['access-control-allow-origin']).toBeUndefined()
        const pre = await preflight(app.url, '/functions/async', A, 'GET')
        expect(pre.status).toBe(204)
        expect(pre.headers['access-control-allow-origin']).toBe(A)
        expect(app.app.get(FunctionsController).calls).toBe(2)
      })

      it("passes the platform's request object to the origin function", async () => {
        const res = await send(app.url, 'GET', '/functions/native', { origin: B, 'x-tenant': 'acme' })
        expect(res.headers['access-control-allow-origin']).toBe(B)
        const other = await send(app.url, 'GET', '/functions/native', { origin: B, 'x-tenant': 'other' })
        expect(other.headers['access-control-allow-origin']).toBeUndefined()
      })

      it("hands an origin function's error to Nest's exception layer", async () => {
        const before = app.app.get(FunctionsController).calls
        const res = await send(app.url, 'GET', '/functions/throws', { origin: A })
        expect(res.status).toBe(500)
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
        expect(app.app.get(FunctionsController).calls).toBe(before)
      })
    })
  })

  describe(`${platform.name}: bad policies fail at start-up`, () => {
    async function startupError(module: unknown): Promise<CorsConfigError> {
      const error = await start(platform, module).then(
        async (app) => {
          await app.close()
          return undefined
        },
        (err: unknown) => err,
      )
      expect(isCorsConfigError(error)).toBe(true)
      expect(error).toBeInstanceOf(CorsConfigError)
      return error as CorsConfigError
    }

    it('names the controller and the method of a bad handler policy', async () => {
      @Controller('bad')
      class BadController {
        @Cors({ origin: true as never })
        @Get()
        broken() {}
      }
      @Module({ imports: [CorsModule.forRoot()], controllers: [BadController] })
      class BadModule {}
      const error = await startupError(BadModule)
      expect(error.code).toBe('invalid-option-type')
      expect(error.message).toContain('BadController.broken')
    })

    it('names the controller of a bad controller policy, even one every handler overrides', async () => {
      @Cors({ origin: 'https://app.example.com/' })
      @Controller('bad')
      class BadClassController {
        @Cors(false)
        @Get()
        fine() {}
      }
      @Module({ imports: [CorsModule.forRoot()], controllers: [BadClassController] })
      class BadModule {}
      const error = await startupError(BadModule)
      expect(error.code).toBe('invalid-origin')
      expect(error.message).toContain('BadClassController')
    })

    it('refuses a bad default policy, from forRoot and from forRootAsync', async () => {
      @Module({ imports: [CorsModule.forRoot({ maxAge: -1 })], controllers: [DogsController] })
      class BadDefault {}
      const sync = await startupError(BadDefault)
      expect(sync.code).toBe('invalid-max-age')
      expect(sync.message).toContain('CorsModule.forRoot')

      @Module({
        imports: [CorsModule.forRootAsync({ useFactory: () => ({ origin: '*', credentials: true }) })],
        controllers: [DogsController],
      })
      class BadAsyncDefault {}
      expect((await startupError(BadAsyncDefault)).code).toBe('credentials-with-wildcard')
    })
  })
}

describe('outside an HTTP application', () => {
  it('initialises an application context without installing anything', async () => {
    @Module({ imports: [CorsModule.forRoot({ origin: [A] })] })
    class ContextModule {}
    const context = await NestFactory.createApplicationContext(ContextModule, {
      logger: false,
      abortOnError: false,
    })
    await context.close()
  })
})
