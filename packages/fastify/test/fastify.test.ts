import type { FastifyInstance, FastifyRequest } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import cors, { CorsConfigError, isCorsConfigError, cors as namedCors } from '../src/index'
import { majors, routerOptions } from './harness'

const APP = 'https://app.example.com'
const EVIL = 'https://evil.example'
const DEFAULT_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE'

function preflight(app: FastifyInstance, url: string, origin: string, method: string, extra = {}) {
  return app.inject({
    method: 'OPTIONS',
    url,
    headers: { origin, 'access-control-request-method': method, ...extra },
  })
}

function get(app: FastifyInstance, url: string, origin?: string) {
  return app.inject({ method: 'GET', url, headers: origin === undefined ? {} : { origin } })
}

for (const { name, fastify, major } of majors) {
  describe(name, () => {
    let app: FastifyInstance
    afterEach(async () => {
      await app?.close()
    })

    /** An app whose plugin policy allows APP only; `routes` runs after the plugin is registered. */
    async function build(routes: (app: FastifyInstance) => void = () => {}, options = {}) {
      app = fastify(options)
      await app.register(cors, { origin: [APP] })
      routes(app)
      await app.ready()
      return app
    }

    describe('plugin policy', () => {
      it('answers a preflight to a path with no route, before the 404 handler', async () => {
        await build()
        const res = await preflight(app, '/nowhere', APP, 'PUT')
        expect(res.statusCode).toBe(204)
        expect(res.body).toBe('')
        expect(res.headers['access-control-allow-origin']).toBe(APP)
        expect(res.headers['access-control-allow-methods']).toBe(DEFAULT_METHODS)
        expect(res.headers.vary).toBe('Origin, Access-Control-Request-Method, Access-Control-Request-Headers')
      })

      it('refuses a preflight from another origin with a bare 403', async () => {
        await build()
        const res = await preflight(app, '/nowhere', EVIL, 'PUT')
        expect(res.statusCode).toBe(403)
        expect(res.body).toBe('')
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
        expect(res.headers['access-control-allow-methods']).toBeUndefined()
      })

      it("merges Vary into the route's own Vary, after the handler set it", async () => {
        await build((a) => a.get('/v', (_req, reply) => reply.header('vary', 'Accept-Encoding').send('v')))
        const res = await get(app, '/v', APP)
        expect(res.statusCode).toBe(200)
        expect(res.headers['access-control-allow-origin']).toBe(APP)
        expect(res.headers.vary).toBe('Accept-Encoding, Origin')
      })

      it('keeps Vary through reply.headers(), an onSend hook and a thrown error with its own Vary', async () => {
        await build((a) => {
          a.get('/bulk', (_req, reply) => reply.headers({ Vary: 'Cookie', 'x-a': '1' }).send('b'))
          a.register(async (scoped) => {
            scoped.addHook('onSend', async (_req, reply, payload) => {
              reply.header('Vary', 'Accept-Language')
              return payload
            })
            scoped.get('/hooked', async () => 'h')
          })
          a.get('/boom', async (_req, reply) => {
            reply.header('vary', 'Accept')
            throw new Error('boom')
          })
        })
        for (const [url, status, vary] of [
          ['/bulk', 200, 'Cookie, Origin'],
          ['/hooked', 200, 'Accept-Language, Origin'],
          ['/boom', 500, 'Accept, Origin'],
        ] as const) {
          const res = await get(app, url, APP)
          expect([url, res.statusCode, res.headers.vary]).toEqual([url, status, vary])
          expect(res.headers['access-control-allow-origin']).toBe(APP)
        }
        // Another origin: no grant, and Vary: Origin still kept under the route's own.
        const evil = await get(app, '/bulk', EVIL)
        expect(evil.headers.vary).toBe('Cookie, Origin')
        expect(evil.headers['access-control-allow-origin']).toBeUndefined()
      })

      it('exports the plugin as default and as `cors`, and the core errors', () => {
        expect(namedCors).toBe(cors)
        expect(
          isCorsConfigError(new CorsConfigError([{ code: 'invalid-origin', path: 'origin', message: 'x' }])),
        ).toBe(true)
      })
    })

    describe('per-route policies', () => {
      const routes = (a: FastifyInstance) => {
        a.get('/public', { config: { cors: { origin: '*' } } }, async () => 'public')
        a.get('/internal', { config: { cors: false } }, async () => 'internal')
        a.get('/plain', async () => 'plain')
        a.get('/items/:id', { config: { cors: { origin: 'https://items.example' } } }, async () => 'item')
        a.get(
          '/items/special',
          { config: { cors: { origin: 'https://special.example' } } },
          async () => 'special',
        )
        a.delete('/items/special', async () => 'deleted')
        a.register(
          async (child) => {
            child.get('/', { config: { cors: { origin: 'https://api.example' } } }, async () => 'api root')
          },
          { prefix: '/api' },
        )
      }

      it("uses the route's policy for its actual requests", async () => {
        await build(routes)
        const res = await get(app, '/public', EVIL)
        expect(res.statusCode).toBe(200)
        expect(res.headers['access-control-allow-origin']).toBe('*')
        expect(res.headers.vary).toBeUndefined()
        const plain = await get(app, '/plain', EVIL)
        expect(plain.headers['access-control-allow-origin']).toBeUndefined()
        expect(plain.headers.vary).toBe('Origin')
      })

      it('gives a `cors: false` route no CORS headers and lets its preflight through', async () => {
        await build(routes)
        const res = await get(app, '/internal', APP)
        expect(res.statusCode).toBe(200)
        expect(res.body).toBe('internal')
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
        expect(res.headers.vary).toBeUndefined()
        const pre = await preflight(app, '/internal', APP, 'GET')
        expect(pre.statusCode).toBe(404)
        expect(pre.headers['access-control-allow-origin']).toBeUndefined()
        expect(pre.headers.vary).toBeUndefined()
      })

      it('answers a preflight with the policy of the route its method and path reach', async () => {
        await build(routes)
        const pub = await preflight(app, '/public?page=2', EVIL, 'GET')
        expect(pub.statusCode).toBe(204)
        expect(pub.headers['access-control-allow-origin']).toBe('*')
        // The automatic HEAD route shares its GET's policy.
        expect((await preflight(app, '/public', EVIL, 'HEAD')).headers['access-control-allow-origin']).toBe(
          '*',
        )
        // No PUT /public: the plugin's policy decides.
        expect((await preflight(app, '/public', EVIL, 'PUT')).statusCode).toBe(403)
        expect((await preflight(app, '/public', APP, 'PUT')).headers['access-control-allow-origin']).toBe(APP)
      })

      it("follows the router's own choice between a static and a parametric route", async () => {
        await build(routes)
        const special = await preflight(app, '/items/special', 'https://special.example', 'GET')
        expect(special.statusCode).toBe(204)
        expect(special.headers['access-control-allow-origin']).toBe('https://special.example')
        expect((await preflight(app, '/items/special', 'https://items.example', 'GET')).statusCode).toBe(403)
        const item = await preflight(app, '/items/42', 'https://items.example', 'GET')
        expect(item.statusCode).toBe(204)
        expect(item.headers['access-control-allow-origin']).toBe('https://items.example')
        // DELETE /items/special has no policy of its own: the plugin's.
        expect((await preflight(app, '/items/special', APP, 'DELETE')).statusCode).toBe(204)
        expect((await preflight(app, '/items/special', 'https://special.example', 'DELETE')).statusCode).toBe(
          403,
        )
      })

      it("follows Fastify's prefix and trailing-slash rules", async () => {
        await build(routes)
        for (const url of ['/api', '/api/']) {
          const res = await preflight(app, url, 'https://api.example', 'GET')
          expect(res.statusCode, url).toBe(204)
          expect((await get(app, url, 'https://api.example')).headers['access-control-allow-origin']).toBe(
            'https://api.example',
          )
        }
        // Fastify serves no `/public/` by default, so the plugin's policy answers.
        expect((await preflight(app, '/public/', EVIL, 'GET')).statusCode).toBe(403)
      })

      it('mirrors ignoreTrailingSlash and caseSensitive', async () => {
        await build(routes, routerOptions(major, { ignoreTrailingSlash: true, caseSensitive: false }))
        expect((await preflight(app, '/public/', EVIL, 'GET')).statusCode).toBe(204)
        expect((await preflight(app, '/PUBLIC', EVIL, 'GET')).headers['access-control-allow-origin']).toBe(
          '*',
        )
        expect((await get(app, '/PUBLIC/', EVIL)).headers['access-control-allow-origin']).toBe('*')
      })

      it('honours host constraints and survives garbage in the request method', async () => {
        await build((a) => {
          routes(a)
          a.get(
            '/h',
            { constraints: { host: 'a.example' }, config: { cors: { origin: '*' } } },
            async () => 'a',
          )
          a.get('/h', async () => 'any host')
        })
        const onA = await preflight(app, '/h', EVIL, 'GET', { host: 'a.example' })
        expect(onA.statusCode).toBe(204)
        expect(onA.headers['access-control-allow-origin']).toBe('*')
        expect((await preflight(app, '/h', EVIL, 'GET', { host: 'b.example' })).statusCode).toBe(403)
        for (const method of ['__proto__', 'constructor', 'GET, DELETE', 'x'.repeat(10_000), 'G\tET']) {
          const res = await preflight(app, '/public', EVIL, method)
          expect(res.statusCode, method.slice(0, 20)).toBe(403)
          expect(res.headers['access-control-allow-origin']).toBeUndefined()
        }
      })

      it('rejects a bad per-route policy when the route is declared', async () => {
        app = fastify()
        await app.register(cors, { origin: [APP] })
        let error: unknown
        try {
          app.get('/bad', { config: { cors: { origin: 'https://a.com/' } } }, async () => 'bad')
        } catch (err) {
          error = err
        }
        expect(isCorsConfigError(error)).toBe(true)
        expect((error as CorsConfigError).code).toBe('invalid-origin')
        expect((error as Error).message).toContain('/bad')
      })

      it('honours a per-route policy declared before the plugin was registered', async () => {
        app = fastify()
        app.register(cors, { origin: [APP] })
        app.get('/early', { config: { cors: { origin: '*' } } }, async () => 'early')
        await app.after()
        app.get('/late', { config: { cors: { origin: '*' } } }, async () => 'late')
        await app.ready()
        expect((await get(app, '/late', EVIL)).headers['access-control-allow-origin']).toBe('*')
        const early = await get(app, '/early', EVIL)
        expect(early.statusCode).toBe(200)
        expect(early.headers['access-control-allow-origin']).toBe('*')
        expect((await preflight(app, '/early', EVIL, 'GET')).statusCode).toBe(204)
      })
    })

    describe('hook order and error paths', () => {
      it('answers preflights before a later auth hook, and keeps headers on its 401', async () => {
        let authRuns = 0
        let handlerRuns = 0
        await build((a) => {
          a.addHook('onRequest', async (_req, reply) => {
            authRuns++
            reply.code(401).send({ error: 'unauthorized' })
            return reply
          })
          a.put('/secret', async () => {
            handlerRuns++
            return 'secret'
          })
        })
        const pre = await preflight(app, '/secret', APP, 'PUT', {
          'access-control-request-headers': 'authorization',
        })
        expect(pre.statusCode).toBe(204)
        expect(pre.headers['access-control-allow-headers']).toBe('*,authorization')
        expect(authRuns).toBe(0)
        const res = await app.inject({ method: 'PUT', url: '/secret', headers: { origin: APP } })
        expect(res.statusCode).toBe(401)
        expect(res.headers['access-control-allow-origin']).toBe(APP)
        expect(res.headers.vary).toBe('Origin')
        expect(authRuns).toBe(1)
        expect(handlerRuns).toBe(0)
      })

      it('keeps headers on a 401 from a preHandler hook', async () => {
        await build((a) =>
          a.get(
            '/guarded',
            { preHandler: async (_req, reply) => reply.code(401).send('no') },
            async () => 'guarded',
          ),
        )
        const res = await get(app, '/guarded', APP)
        expect(res.statusCode).toBe(401)
        expect(res.headers['access-control-allow-origin']).toBe(APP)
      })

      it('keeps headers on a thrown error, a schema 400 and a 404', async () => {
        await build((a) => {
          a.get('/boom', async () => {
            throw new Error('boom')
          })
          a.post('/validated', { schema: { body: { type: 'object', required: ['name'] } } }, async () => 'ok')
        })
        const thrown = await get(app, '/boom', APP)
        const invalid = await app.inject({
          method: 'POST',
          url: '/validated',
          headers: { origin: APP },
          payload: {},
        })
        const missing = await get(app, '/missing', APP)
        for (const [res, status] of [
          [thrown, 500],
          [invalid, 400],
          [missing, 404],
        ] as const) {
          expect(res.statusCode).toBe(status)
          expect(res.headers['access-control-allow-origin']).toBe(APP)
          expect(res.headers.vary).toBe('Origin')
        }
      })

      it("sends an origin function's error to Fastify's error handler and grants nothing", async () => {
        const seen: unknown[] = []
        let handlerRuns = 0
        for (const origin of [
          () => {
            throw new Error('origin check failed')
          },
          async () => {
            throw new Error('origin check failed')
          },
        ]) {
          app = fastify()
          await app.register(cors, { origin })
          app.setErrorHandler((error, _req, reply) => {
            seen.push((error as Error).message)
            reply.code(500).send('handled')
          })
          app.get('/', async () => {
            handlerRuns++
            return 'ok'
          })
          const res = await get(app, '/', APP)
          expect(res.statusCode).toBe(500)
          expect(res.body).toBe('handled')
          expect(res.headers['access-control-allow-origin']).toBeUndefined()
          await app.close()
        }
        expect(seen).toEqual(['origin check failed', 'origin check failed'])
        expect(handlerRuns).toBe(0)
      })

      it("passes Fastify's request to an async origin function", async () => {
        const urls: string[] = []
        app = fastify()
        await app.register(cors, {
          origin: async (origin: string, request: FastifyRequest) => {
            urls.push(request.url)
            return origin === APP
          },
        })
        app.get('/', async () => 'ok')
        expect((await get(app, '/?q=1', APP)).headers['access-control-allow-origin']).toBe(APP)
        expect((await preflight(app, '/', EVIL, 'PUT')).statusCode).toBe(403)
        expect(urls).toEqual(['/?q=1', '/'])
      })
    })

    describe('registration', () => {
      it('fails clearly on a second registration, even from a child context', async () => {
        for (const second of [
          (a: FastifyInstance) => a.register(cors),
          (a: FastifyInstance) => a.register(async (child) => child.register(cors)),
        ]) {
          app = fastify()
          app.register(cors, { origin: [APP] })
          second(app)
          await expect(app.ready()).rejects.toThrow('registered twice')
          await app.close()
        }
      })

      it('rejects a bad plugin policy with CorsConfigError', async () => {
        app = fastify()
        const error = await app.register(cors, { origin: true } as never).then(
          () => undefined,
          (err: unknown) => err,
        )
        expect(isCorsConfigError(error)).toBe(true)
        expect((error as CorsConfigError).code).toBe('invalid-option-type')
      })

      it("leaves a user's own `OPTIONS *` route working", async () => {
        let optionsRuns = 0
        await build((a) => {
          a.options('*', async (_req, reply) => {
            optionsRuns++
            reply.header('allow', 'GET')
            return 'options'
          })
          a.get('/thing', async () => 'thing')
        })
        const plain = await app.inject({ method: 'OPTIONS', url: '/thing', headers: { origin: APP } })
        expect(plain.statusCode).toBe(200)
        expect(plain.body).toBe('options')
        expect(plain.headers.allow).toBe('GET')
        expect(plain.headers['access-control-allow-origin']).toBe(APP)
        const pre = await preflight(app, '/thing', APP, 'GET')
        expect(pre.statusCode).toBe(204)
        expect(pre.body).toBe('')
        expect(optionsRuns).toBe(1)
      })
    })
  })
}
