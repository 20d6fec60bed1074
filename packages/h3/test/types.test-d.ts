// Types with h3 2 installed as `h3` (this repository's set-up). test/types-v1.test.ts checks
// the same with `h3` resolved to h3 1, as in a Nitro 2 or Nuxt app.
import { createCors, createLiveCors } from '@crossway/core'
import { defineHandler, H3, type H3Event, type Middleware } from 'h3'
import { expectTypeOf, test } from 'vitest'
import { cors, type H3CorsHandler, type H3CorsOptions } from '../src/index'

test("the origin function's second parameter is h3's H3Event", () => {
  cors({
    origin: (origin, event) => {
      expectTypeOf(origin).toEqualTypeOf<string>()
      expectTypeOf(event).toEqualTypeOf<H3Event>()
      return event.req.headers.get('x-tenant') === 'a' && event.url.pathname.startsWith('/api')
    },
  })
  cors({ origin: async (_origin, event) => event.context.tenant === 'a', credentials: true })
  expectTypeOf<H3CorsOptions>().toEqualTypeOf<Parameters<typeof cors>[0] & {}>()
})

test('cors() is an h3 2 middleware, app-wide, scoped or per route', () => {
  const handler = cors({ origin: ['https://app.example.com'] })
  expectTypeOf(handler).toEqualTypeOf<H3CorsHandler>()
  expectTypeOf(handler).toExtend<Middleware>()
  const app = new H3()
  app.use(handler)
  app.use('/api/**', cors(), { match: (event) => !event.url.pathname.startsWith('/api/public/') })
  app.get('/r', () => 'r', { middleware: [cors()] })
  defineHandler({ middleware: [cors()], handler: () => 'r' })
})

test('built and live policies are accepted as they are', () => {
  cors(createCors<H3Event>({ origin: (_origin, event) => event.req.method === 'GET' }))
  cors(createLiveCors<H3Event>({ origin: ['https://app.example.com'] }))
})

test('bad options are type errors too (and CorsConfigError at start-up)', () => {
  // @ts-expect-error -- `allowHeaders` is h3's handleCors spelling; ours is allowedHeaders
  cors({ allowHeaders: ['x-api-key'] })
  // @ts-expect-error -- the origin function takes (origin, event), not a callback
  cors({ origin: (_origin: string, callback: (err: null, ok: boolean) => void) => callback(null, true) })
})
