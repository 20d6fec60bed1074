// Unawaited `app.register(cors)` (the usual Fastify style) must behave exactly like the awaited
// form, whatever the order of the register call, the routes and the plugins declaring them.
import type { FastifyInstance, FastifyPluginAsync, RouteShorthandOptions } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import cors, { type CorsConfigError, isCorsConfigError } from '../src/index'
import { majors } from './harness'
import { preflightOf, type Send, serve } from './http'

const ADMIN = 'https://admin.example'
const EVIL = 'https://evil.example'

const adminOptions: RouteShorthandOptions = { config: { cors: { origin: [ADMIN], credentials: true } } }
const internalOptions: RouteShorthandOptions = { config: { cors: false } }

/** The routes under test, in the shorthand form or as `app.route({...})`. */
function declareRoutes(a: FastifyInstance, form: 'shorthand' | 'route' = 'shorthand', bad = false): void {
  if (form === 'route') {
    a.route({ method: 'GET', url: '/admin', ...adminOptions, handler: async () => 'admin' })
    a.route({ method: 'GET', url: '/internal', ...internalOptions, handler: async () => 'internal' })
    a.route({ method: 'GET', url: '/open', handler: async () => 'open' })
  } else {
    a.get('/admin', adminOptions, async () => 'admin')
    a.get('/internal', internalOptions, async () => 'internal')
    a.get('/open', async () => 'open')
  }
  if (bad) a.get('/bad', { config: { cors: { origin: 'https://a.com/' } } }, async () => 'bad')
}

const routesPlugin =
  (bad: boolean): FastifyPluginAsync =>
  async (child) =>
    declareRoutes(child, 'shorthand', bad)

/** Each style real apps use; `prefix` is where the routes end up. */
const styles: {
  name: string
  prefix: string
  setUp: (app: FastifyInstance, bad: boolean) => Promise<void>
}[] = [
  {
    name: 'unawaited register, then routes',
    prefix: '',
    setUp: async (app, bad) => {
      app.register(cors, { origin: '*' })
      declareRoutes(app, 'shorthand', bad)
    },
  },
  {
    name: 'routes declared before the register call',
    prefix: '',
    setUp: async (app, bad) => {
      declareRoutes(app, 'shorthand', bad)
      app.register(cors, { origin: '*' })
    },
  },
  {
    name: 'app.route({...}) form, unawaited register',
    prefix: '',
    setUp: async (app, bad) => {
      app.register(cors, { origin: '*' })
      declareRoutes(app, 'route', bad)
    },
  },
  {
    name: 'child plugin registered before the plugin',
    prefix: '',
    setUp: async (app, bad) => {
      app.register(routesPlugin(bad))
      app.register(cors, { origin: '*' })
    },
  },
  {
    name: 'child plugin registered after the unawaited plugin',
    prefix: '',
    setUp: async (app, bad) => {
      app.register(cors, { origin: '*' })
      app.register(routesPlugin(bad))
    },
  },
  {
    name: 'fastify.register(routesPlugin, { prefix }) before the plugin',
    prefix: '/v1',
    setUp: async (app, bad) => {
      app.register(routesPlugin(bad), { prefix: '/v1' })
      app.register(cors, { origin: '*' })
    },
  },
  {
    name: 'awaited register, then routes',
    prefix: '',
    setUp: async (app, bad) => {
      await app.register(cors, { origin: '*' })
      declareRoutes(app, 'shorthand', bad)
    },
  },
  {
    name: 'register, await app.after(), then routes',
    prefix: '',
    setUp: async (app, bad) => {
      app.register(cors, { origin: '*' })
      await app.after()
      declareRoutes(app, 'shorthand', bad)
    },
  },
]

for (const { name, fastify } of majors) {
  describe(`${name}: registration order`, () => {
    let app: FastifyInstance | undefined
    afterEach(async () => {
      await app?.close()
      app = undefined
    })

    for (const style of styles) {
      describe(style.name, () => {
        async function start(): Promise<Send> {
          app = fastify()
          await style.setUp(app, false)
          return serve(app)
        }

        it("governs each route's actual requests by its own policy", async () => {
          const send = await start()
          const p = style.prefix
          const evil = await send('GET', `${p}/admin`, { origin: EVIL })
          expect(evil.status).toBe(200)
          expect(evil.headers['access-control-allow-origin']).toBeUndefined()
          expect(evil.headers['access-control-allow-credentials']).toBeUndefined()
          expect(evil.headers.vary).toBe('Origin')
          const admin = await send('GET', `${p}/admin`, { origin: ADMIN })
          expect(admin.headers['access-control-allow-origin']).toBe(ADMIN)
          expect(admin.headers['access-control-allow-credentials']).toBe('true')
          const internal = await send('GET', `${p}/internal`, { origin: EVIL })
          expect(internal.status).toBe(200)
          expect(internal.body).toBe('internal')
          expect(internal.headers['access-control-allow-origin']).toBeUndefined()
          expect(internal.headers.vary).toBeUndefined()
          expect(
            (await send('GET', `${p}/open`, { origin: EVIL })).headers['access-control-allow-origin'],
          ).toBe('*')
        })

        it('answers preflights with the policy of the route they announce', async () => {
          const send = await start()
          const p = style.prefix
          const evil = await preflightOf(send, `${p}/admin`, EVIL)
          expect(evil.status).toBe(403)
          expect(evil.headers['access-control-allow-origin']).toBeUndefined()
          const admin = await preflightOf(send, `${p}/admin`, ADMIN, 'GET', {
            'access-control-request-headers': 'x-token',
          })
          expect(admin.status).toBe(204)
          expect(admin.headers['access-control-allow-origin']).toBe(ADMIN)
          expect(admin.headers['access-control-allow-credentials']).toBe('true')
          expect(admin.headers['access-control-allow-headers']).toBe('x-token')
          // `cors: false`: the preflight passes on untouched, to Fastify's 404.
          const internal = await preflightOf(send, `${p}/internal`, EVIL)
          expect(internal.status).toBe(404)
          expect(internal.headers['access-control-allow-origin']).toBeUndefined()
          expect(internal.headers.vary).toBeUndefined()
          expect((await preflightOf(send, `${p}/open`, EVIL)).headers['access-control-allow-origin']).toBe(
            '*',
          )
        })

        it('refuses a bad route policy at start-up, naming the route', async () => {
          app = fastify()
          const error = await (async () => {
            await style.setUp(app!, true)
            await app!.ready()
          })().then(
            () => undefined,
            (err: unknown) => err,
          )
          expect(isCorsConfigError(error)).toBe(true)
          expect((error as CorsConfigError).code).toBe('invalid-origin')
          expect((error as Error).message).toContain(`${style.prefix}/bad`)
        })
      })
    }
  })
}
