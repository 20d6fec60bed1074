import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { CORS_DECISION_CHANNEL, type CorsDecisionEvent } from '@crossway/core/node'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import cors, { createLiveCors } from '../src/index'
import { majors } from './harness'

const A = 'https://a.example.com'
const B = 'https://b.example.com'

const preflight = (app: FastifyInstance, url: string, origin: string, method: string) =>
  app.inject({ method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': method } })

for (const { name, fastify, major } of majors) {
  describe(name, () => {
    let app: FastifyInstance
    afterEach(async () => {
      await app?.close()
    })

    it('a live plugin policy and a live per-route policy take effect without re-registering', async () => {
      const base = createLiveCors({ origin: [A] })
      const route = createLiveCors({ origin: [A] })
      app = fastify()
      await app.register(cors, base)
      app.get('/plain', () => 'plain')
      app.put('/own', { config: { cors: route } }, () => 'own')
      await app.ready()

      expect((await preflight(app, '/own', A, 'PUT')).statusCode).toBe(204)
      route.reconfigure({ origin: [B] })
      expect((await preflight(app, '/own', A, 'PUT')).statusCode).toBe(403)
      expect((await preflight(app, '/own', B, 'PUT')).headers['access-control-allow-origin']).toBe(B)
      // The plugin's policy is its own handle.
      expect(
        (await app.inject({ url: '/plain', headers: { origin: A } })).headers['access-control-allow-origin'],
      ).toBe(A)
      base.reconfigure({ origin: [B] })
      expect(
        (await app.inject({ url: '/plain', headers: { origin: A } })).headers['access-control-allow-origin'],
      ).toBeUndefined()
      expect(
        (await app.inject({ url: '/plain', headers: { origin: B } })).headers['access-control-allow-origin'],
      ).toBe(B)
    })

    // Fastify 5 routes QUERY natively; Fastify 4 refuses to declare a QUERY route at all.
    it.skipIf(major === 4)(
      "passes a QUERY preflight (to the QUERY route's own policy) and a QUERY request",
      async () => {
        app = fastify()
        await app.register(cors, { origin: [A] })
        app.route({
          method: 'QUERY',
          url: '/search',
          config: { cors: { origin: [B], methods: ['GET', 'QUERY'] } },
          handler: (request) => `searched with ${request.method}`,
        })
        await app.ready()
        const pre = await preflight(app, '/search', B, 'QUERY')
        expect(pre.statusCode).toBe(204)
        expect(pre.headers['access-control-allow-methods']).toBe('GET,QUERY')
        expect((await preflight(app, '/search', A, 'QUERY')).statusCode).toBe(403)
        // QUERY carries its query in the body (RFC 10008 §2).
        const res = await app.inject({
          method: 'QUERY' as 'GET',
          url: '/search',
          headers: { origin: B, 'content-type': 'application/json' },
          payload: '{"q":"cats"}',
        })
        expect(res.statusCode).toBe(200)
        expect(res.body).toBe('searched with QUERY')
        expect(res.headers['access-control-allow-origin']).toBe(B)
      },
    )

    it('publishes decisions on diagnostics_channel with the route template', async () => {
      app = fastify()
      await app.register(cors, { origin: [A] })
      app.get('/users/:id', () => 'user')
      await app.ready()
      const events: CorsDecisionEvent[] = []
      const onEvent = (message: unknown) => events.push(message as CorsDecisionEvent)
      subscribe(CORS_DECISION_CHANNEL, onEvent)
      try {
        await app.inject({ url: '/users/7', headers: { origin: 'https://evil.example' } })
        await preflight(app, '/users/7', A, 'DELETE')
      } finally {
        unsubscribe(CORS_DECISION_CHANNEL, onEvent)
      }
      expect(
        events.map(({ adapter, kind, allowed, reason, route }) => ({
          adapter,
          kind,
          allowed,
          reason,
          route,
        })),
      ).toEqual([
        { adapter: 'fastify', kind: 'actual', allowed: false, reason: 'origin', route: '/users/:id' },
        { adapter: 'fastify', kind: 'preflight', allowed: true, reason: undefined, route: undefined },
      ])
    })
  })
}
