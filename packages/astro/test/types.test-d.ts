import type { APIContext, MiddlewareHandler } from 'astro'
import { defineMiddleware, sequence } from 'astro/middleware'
import { expectTypeOf, test } from 'vitest'
import { type AstroCorsMiddleware, type CorsOptions, cors, corsByRoute } from '../src/index'

test('cors() is an Astro middleware, alone or in sequence()', () => {
  expectTypeOf(cors()).toEqualTypeOf<AstroCorsMiddleware>()
  expectTypeOf(cors({ origin: ['https://app.example.com'] })).toMatchTypeOf<MiddlewareHandler>()
  const auth = defineMiddleware((_context, next) => next())
  const onRequest: MiddlewareHandler = sequence(cors({ origin: '*' }), auth)
  expectTypeOf(onRequest).toMatchTypeOf<MiddlewareHandler>()
  expectTypeOf(corsByRoute({ '/api': { origin: '*' } })).toMatchTypeOf<MiddlewareHandler>()
})

test('the origin function receives the APIContext', () => {
  cors({
    origin: (origin, context) => {
      expectTypeOf(context).toEqualTypeOf<APIContext>()
      return origin.endsWith('.example.com') && context.routePattern.startsWith('/api')
    },
  })
  cors({ origin: async (_origin, context) => context.locals !== undefined })
})

test('corsByRoute takes policies or false, and a notFound policy', () => {
  const api: CorsOptions<APIContext> = { origin: ['https://app.example.com'], credentials: true }
  corsByRoute({ '/api': api, '/api/internal': false }, { notFound: { origin: '*' } })
  // @ts-expect-error -- true is not a policy: write the policy, or false to apply none
  corsByRoute({ '/api': true })
})

test('options are checked by name', () => {
  // @ts-expect-error -- allowHeaders is not an option (allowedHeaders is)
  cors({ allowHeaders: ['x-custom'] })
})
