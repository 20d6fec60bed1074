import { createCors, createLiveCors } from '@crossway/core'
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { expectTypeOf, test } from 'vitest'
import { cors, type HonoCorsOptions } from '../src/index'

test('cors() is a Hono middleware that app.use takes, app-wide and on a path', () => {
  const app = new Hono()
  const middleware = cors({ origin: ['https://app.example.com'] })
  expectTypeOf(middleware).toEqualTypeOf<MiddlewareHandler<any>>()
  app.use(middleware)
  app.use('/api/*', cors({ origin: ['https://app.example.com'], credentials: true }))
  app.use(cors())
})

test('the origin function receives the origin and Hono’s Context, and returns a boolean or a promise of one', () => {
  cors({
    origin: (origin, c) => {
      expectTypeOf(origin).toEqualTypeOf<string>()
      expectTypeOf(c).toEqualTypeOf<Context>()
      return c.req.path.startsWith('/api') && origin.endsWith('.example.com')
    },
  })
  cors({ origin: async (origin, c) => origin === c.req.header('x-expected-origin') })
  // hono/cors's style — return the origin to send, or null — is not ours.
  // @ts-expect-error -- return whether the origin is allowed, not a value to send
  cors({ origin: (origin: string) => (origin.endsWith('.example.com') ? origin : null) })
})

test('an app’s Env types the Context the origin function sees', () => {
  type AppEnv = { Variables: { tenant: string }; Bindings: { ALLOWED: string } }
  const app = new Hono<AppEnv>()
  app.use(
    cors<AppEnv>({
      origin: (origin, c) => {
        expectTypeOf(c).toEqualTypeOf<Context<AppEnv>>()
        expectTypeOf(c.get('tenant')).toEqualTypeOf<string>()
        return c.env.ALLOWED.split(',').includes(origin)
      },
    }),
  )
  // Without the type argument the Context is Hono's default: app.use does not pass its Env on.
  app.use(
    cors({
      origin: (origin, c) => {
        expectTypeOf(c).toEqualTypeOf<Context>()
        return origin === c.env.ALLOWED
      },
    }),
  )
})

test('HonoCorsOptions names the options of cors() for an Env', () => {
  type AppEnv = { Variables: { tenant: string } }
  const options: HonoCorsOptions<AppEnv> = { origin: (_origin, c) => c.get('tenant') === 'acme' }
  expectTypeOf(cors(options)).toEqualTypeOf<MiddlewareHandler<AppEnv>>()
})

test('takes a policy built by createCors or createLiveCors for the Context', () => {
  cors(createCors<Context>({ origin: (_origin, c) => c.req.method === 'GET' }))
  cors(createLiveCors({ origin: ['https://app.example.com'] }))
})

test('hono/cors option names are type errors', () => {
  // @ts-expect-error -- `allowHeaders` is `allowedHeaders` here
  cors({ allowHeaders: ['content-type'] })
  // @ts-expect-error -- `exposeHeaders` is `exposedHeaders` here
  cors({ exposeHeaders: ['x-total'] })
  // @ts-expect-error -- `allowMethods` is `methods` here
  cors({ allowMethods: ['GET'] })
})
