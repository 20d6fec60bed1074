// Route constraints (semantics.md §7a): a preflight cannot carry `Accept-Version` or a custom
// strategy's header, so it is allowed only when every route it could announce allows it with
// the same answer; `Host` it does carry, so host constraints resolve as Fastify resolves them.
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import cors from '../src/index'
import { majors } from './harness'
import { preflightOf, type Send, serve } from './http'

const PLUGIN = 'https://plugin.example'
const V1 = 'https://v1.example'
const V2 = 'https://v2.example'
const SHARED = 'https://shared.example'

const tenant = {
  name: 'tenant',
  storage() {
    const map = new Map<string, unknown>()
    return { get: (k: string) => map.get(k) ?? null, set: (k: string, v: unknown) => map.set(k, v) }
  },
  deriveConstraint: (req: { headers: Record<string, string | string[] | undefined> }) =>
    req.headers['x-tenant'] as string | undefined,
  mustMatchWhenDerived: true,
}

function handler(id: string) {
  return async (_request: unknown, reply: { header: (k: string, v: string) => void }) => {
    reply.header('x-handler', id)
    return id
  }
}

function routes(app: FastifyInstance) {
  const v = (version: string) => ({ version })
  app.get('/v', { constraints: v('1.0.0'), config: { cors: { origin: [V1] } } }, handler('v1'))
  app.get('/v', { constraints: v('2.0.0'), config: { cors: { origin: [V2] } } }, handler('v2'))
  const shared = { origin: [SHARED] }
  app.get('/same', { constraints: v('1.0.0'), config: { cors: shared } }, handler('same1'))
  app.get('/same', { constraints: v('2.0.0'), config: { cors: { origin: [SHARED] } } }, handler('same2'))
  app.get('/differ', { constraints: v('1.0.0'), config: { cors: { origin: [SHARED] } } }, handler('differ1'))
  app.get('/differ', { config: { cors: { origin: [SHARED], credentials: true } } }, handler('differ0'))
  app.get('/off', { constraints: v('1.0.0'), config: { cors: false } }, handler('off1'))
  app.get('/off', { config: { cors: { origin: [SHARED] } } }, handler('off0'))
  // A versioned static route beside an unversioned parametric one: without a version the
  // request falls through to the parametric route, so both are candidates.
  app.get(
    '/items/special',
    { constraints: v('1.0.0'), config: { cors: { origin: [V1] } } },
    handler('special1'),
  )
  app.get('/items/:id', { config: { cors: { origin: [V1, V2] } } }, handler('item'))
  app.get('/t', { constraints: { tenant: 'a' }, config: { cors: { origin: [V1] } } }, handler('ta'))
  app.get('/t', { constraints: { tenant: 'b' }, config: { cors: { origin: [V1] } } }, handler('tb'))
  app.get('/h', { constraints: { host: 'a.example' }, config: { cors: { origin: [V1] } } }, handler('ha'))
  app.get('/h', { constraints: { host: /^b\./ }, config: { cors: { origin: [V2] } } }, handler('hb'))
  app.get('/h', handler('hany'))
}

for (const { name, fastify } of majors) {
  describe(`${name}: route constraints`, () => {
    let app: FastifyInstance | undefined
    let send: Send
    afterEach(async () => {
      await app?.close()
      app = undefined
    })

    async function start() {
      app = fastify()
      app.addConstraintStrategy(tenant as never)
      app.register(cors, { origin: [PLUGIN] })
      routes(app)
      send = await serve(app)
    }

    it('gives an actual request the policy of the version that serves it', async () => {
      await start()
      const one = await send('GET', '/v', { origin: V1, 'accept-version': '1.0.0' })
      expect(one.headers['x-handler']).toBe('v1')
      expect(one.headers['access-control-allow-origin']).toBe(V1)
      const wrong = await send('GET', '/v', { origin: V2, 'accept-version': '1.0.0' })
      expect(wrong.headers['access-control-allow-origin']).toBeUndefined()
      const two = await send('GET', '/v', { origin: V2, 'accept-version': '2.x' })
      expect(two.headers['x-handler']).toBe('v2')
      expect(two.headers['access-control-allow-origin']).toBe(V2)
      const t = await send('GET', '/t', { origin: V1, 'x-tenant': 'b' })
      expect(t.headers['x-handler']).toBe('tb')
      expect(t.headers['access-control-allow-origin']).toBe(V1)
    })

    it('refuses a preflight that one candidate version refuses', async () => {
      await start()
      for (const origin of [V1, V2, PLUGIN]) {
        const res = await preflightOf(send, '/v', origin)
        expect(res.status, origin).toBe(403)
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
      }
      // Falling through to the parametric route: V2 is allowed there but not on the versioned one.
      expect((await preflightOf(send, '/items/special', V2)).status).toBe(403)
      expect((await preflightOf(send, '/items/special', V1)).headers['access-control-allow-origin']).toBe(V1)
      expect((await preflightOf(send, '/items/42', V2)).status).toBe(204)
    })

    it('allows a preflight every candidate allows with the same answer', async () => {
      await start()
      const res = await preflightOf(send, '/same', SHARED)
      expect(res.status).toBe(204)
      expect(res.headers['access-control-allow-origin']).toBe(SHARED)
      expect(res.headers.vary).toBe('Origin, Access-Control-Request-Method, Access-Control-Request-Headers')
      expect((await preflightOf(send, '/t', V1)).status).toBe(204)
      expect((await preflightOf(send, '/t', PLUGIN)).status).toBe(403)
    })

    it('refuses when the candidates would answer differently, or one has no CORS', async () => {
      await start()
      // One would send ACAC: true, the other not.
      const differ = await preflightOf(send, '/differ', SHARED)
      expect(differ.status).toBe(403)
      expect(differ.headers['access-control-allow-origin']).toBeUndefined()
      expect(differ.headers['access-control-allow-credentials']).toBeUndefined()
      expect((await preflightOf(send, '/off', SHARED)).status).toBe(403)
    })

    it('resolves host constraints by the Host header, as Fastify routes them', async () => {
      await start()
      const onA = await preflightOf(send, '/h', V1, 'GET', { host: 'a.example' })
      expect(onA.status).toBe(204)
      expect(onA.headers['access-control-allow-origin']).toBe(V1)
      expect((await preflightOf(send, '/h', V2, 'GET', { host: 'a.example' })).status).toBe(403)
      expect((await preflightOf(send, '/h', V2, 'GET', { host: 'b.example' })).status).toBe(204)
      // Any other host: the unconstrained route, with the plugin's policy.
      expect((await preflightOf(send, '/h', PLUGIN, 'GET', { host: 'c.example' })).status).toBe(204)
      expect((await preflightOf(send, '/h', V1, 'GET', { host: 'c.example' })).status).toBe(403)
      const actual = await send('GET', '/h', { origin: V2, host: 'b.example' })
      expect(actual.headers['x-handler']).toBe('hb')
      expect(actual.headers['access-control-allow-origin']).toBe(V2)
    })
  })
}
