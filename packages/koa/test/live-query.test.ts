import { METHODS } from 'node:http'
import { describe, expect, it } from 'vitest'
import { cors, createLiveCors } from '../src/index'
import { koaMajors, listen, send } from './helpers'

const A = 'https://a.example.com'
const B = 'https://b.example.com'

for (const { name, Koa } of koaMajors) {
  describe(name, () => {
    it('a live policy takes effect on the next request, without re-registering', async () => {
      const live = createLiveCors({ origin: [A] })
      const app = new Koa()
      app.use(cors(live))
      app.use((ctx) => {
        ctx.body = 'ok'
      })
      const server = await listen(app)
      try {
        expect(
          (await send(server.url, 'GET', '/', { origin: A })).headers['access-control-allow-origin'],
        ).toBe(A)
        live.reconfigure({ origin: [B] })
        expect(
          (await send(server.url, 'GET', '/', { origin: A })).headers['access-control-allow-origin'],
        ).toBeUndefined()
        expect(
          (await send(server.url, 'GET', '/', { origin: B })).headers['access-control-allow-origin'],
        ).toBe(B)
      } finally {
        await server.close()
      }
    })

    it.skipIf(!METHODS.includes('QUERY'))(
      'passes a QUERY preflight and a QUERY request through',
      async () => {
        const app = new Koa()
        app.use(cors({ origin: [A], methods: ['GET', 'QUERY'] }))
        app.use((ctx) => {
          if (ctx.method === 'QUERY' && ctx.path === '/search') ctx.body = `searched with ${ctx.method}`
        })
        const server = await listen(app)
        try {
          const pre = await send(server.url, 'OPTIONS', '/search', {
            origin: A,
            'access-control-request-method': 'QUERY',
          })
          expect(pre.status).toBe(204)
          expect(pre.headers['access-control-allow-methods']).toBe('GET,QUERY')
          const res = await send(server.url, 'QUERY', '/search', { origin: A })
          expect(res.status).toBe(200)
          expect(res.body).toBe('searched with QUERY')
          expect(res.headers['access-control-allow-origin']).toBe(A)
        } finally {
          await server.close()
        }
      },
    )
  })
}
