import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { METHODS } from 'node:http'
import { CORS_DECISION_CHANNEL, type CorsDecisionEvent } from '@crossway/core/node'
import type { RequestHandler } from 'express'
import { describe, expect, it } from 'vitest'
import { cors, createLiveCors } from '../src/index'
import { majors } from './harness'
import { listen, send } from './http'

const A = 'https://a.example.com'
const B = 'https://b.example.com'

for (const { name, express } of majors) {
  describe(`${name}: a live policy`, () => {
    it('takes effect on the next request, without re-registering', async () => {
      const live = createLiveCors({ origin: [A] })
      const app = express()
      app.use(cors(live))
      app.get('/', (_req, res) => {
        res.send('ok')
      })
      const server = await listen(app)
      try {
        expect(
          (await send(server.url, 'GET', '/', { origin: A })).headers['access-control-allow-origin'],
        ).toBe(A)
        live.reconfigure({ origin: [B] })
        const refused = await send(server.url, 'GET', '/', { origin: A })
        expect(refused.headers['access-control-allow-origin']).toBeUndefined()
        const pre = await send(server.url, 'OPTIONS', '/', {
          origin: B,
          'access-control-request-method': 'PUT',
        })
        expect(pre.status).toBe(204)
        expect(pre.headers['access-control-allow-origin']).toBe(B)
      } finally {
        await server.close()
      }
    })
  })

  // RFC 10008's QUERY: not a default method (docs/query-method.md), so a policy lists it.
  describe.skipIf(!METHODS.includes('QUERY'))(`${name}: the QUERY method`, () => {
    it('passes a QUERY preflight and a QUERY request through to a QUERY route', async () => {
      const app = express()
      app.use(cors({ origin: [A], methods: ['GET', 'POST', 'QUERY'] }))
      // Express's router adds a method for every name in http.METHODS; its types predate QUERY.
      const route = app.route('/search') as unknown as { query(handler: RequestHandler): void }
      route.query((req, res) => {
        res.send(`searched with ${req.method}`)
      })
      const server = await listen(app)
      try {
        const pre = await send(server.url, 'OPTIONS', '/search', {
          origin: A,
          'access-control-request-method': 'QUERY',
          'access-control-request-headers': 'content-type',
        })
        expect(pre.status).toBe(204)
        expect(pre.headers['access-control-allow-methods']).toBe('GET,POST,QUERY')
        const res = await send(server.url, 'QUERY', '/search', {
          origin: A,
          'content-type': 'application/json',
        })
        expect(res.status).toBe(200)
        expect(res.body).toBe('searched with QUERY')
        expect(res.headers['access-control-allow-origin']).toBe(A)
      } finally {
        await server.close()
      }
    })

    it('refuses a QUERY preflight under the default methods', async () => {
      const app = express()
      app.use(cors({ origin: [A] }))
      const server = await listen(app)
      try {
        const pre = await send(server.url, 'OPTIONS', '/search', {
          origin: A,
          'access-control-request-method': 'QUERY',
        })
        expect(pre.status).toBe(403)
      } finally {
        await server.close()
      }
    })
  })

  describe(`${name}: diagnostics_channel`, () => {
    it('publishes every decision with kind, allowed, reason and route', async () => {
      const events: CorsDecisionEvent[] = []
      const onEvent = (message: unknown) => events.push(message as CorsDecisionEvent)
      const app = express()
      app.get('/users/:id', cors({ origin: [A] }), (_req, res) => {
        res.send('user')
      })
      app.use(cors({ origin: [A] }))
      const server = await listen(app)
      subscribe(CORS_DECISION_CHANNEL, onEvent)
      try {
        await send(server.url, 'GET', '/users/7', { origin: 'https://evil.example' })
        await send(server.url, 'OPTIONS', '/other', { origin: A, 'access-control-request-method': 'PUT' })
      } finally {
        unsubscribe(CORS_DECISION_CHANNEL, onEvent)
        await server.close()
      }
      expect(events).toEqual([
        {
          adapter: 'express',
          kind: 'actual',
          allowed: false,
          reason: 'origin',
          route: '/users/:id',
          method: 'GET',
          origin: 'https://evil.example',
        },
        {
          adapter: 'express',
          kind: 'preflight',
          allowed: true,
          reason: undefined,
          route: undefined,
          method: 'OPTIONS',
          origin: A,
        },
      ])
    })
  })
}
