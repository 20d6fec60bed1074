import fastify, { type FastifyContextConfig, type FastifyRequest } from 'fastify'
import { describe, expectTypeOf, it } from 'vitest'
import cors, { type CorsPolicyInput, type FastifyCorsOptions, cors as namedCors } from '../src/index'

const app = fastify()
const handler = async () => 'ok'

describe('plugin options', () => {
  it('takes the core policy, with Fastify requests in the origin function', () => {
    app.register(cors, { origin: ['https://app.example.com'], credentials: true })
    app.register(namedCors, {
      origin: (origin, request) => {
        expectTypeOf(origin).toEqualTypeOf<string>()
        expectTypeOf(request).toEqualTypeOf<FastifyRequest>()
        return true
      },
    })
    // Options, or a built policy (createLiveCors) used as is.
    expectTypeOf<FastifyCorsOptions>().toEqualTypeOf<CorsPolicyInput<FastifyRequest>>()
  })

  it('refuses what is not a policy', () => {
    // @ts-expect-error `origin: true` is not an origin
    app.register(cors, { origin: true })
    // @ts-expect-error unknown option (the right name is allowedHeaders)
    app.register(cors, { allowHeaders: ['x-token'] })
  })
})

describe('config.cors (FastifyContextConfig augmentation)', () => {
  it('accepts a policy or false on a route', () => {
    app.get('/public', { config: { cors: { origin: '*' } } }, handler)
    app.get('/internal', { config: { cors: false } }, handler)
    app.route({
      method: 'GET',
      url: '/r',
      config: { cors: { origin: async (_o, req) => req.url === '/r' } },
      handler,
    })
  })

  it('refuses anything else', () => {
    // @ts-expect-error maxAge is a number
    app.get('/a', { config: { cors: { maxAge: '600' } } }, handler)
    // Fastify infers a route's `ContextConfig` generic from the literal, which lets some mistakes
    // through on the route itself (createCors still throws for them when the route is declared);
    // the augmented interface is strict.
    // @ts-expect-error `true` is neither a policy nor false
    const notPolicy = { cors: true } satisfies FastifyContextConfig
    // @ts-expect-error unknown option
    const unknownName = { cors: { maxage: 600 } } satisfies FastifyContextConfig
    expectTypeOf<FastifyContextConfig['cors']>().toEqualTypeOf<FastifyCorsOptions | false | undefined>()
    void [notPolicy, unknownName]
  })

  it('is typed where Fastify exposes the route config', () => {
    app.get('/d', async (request) => {
      expectTypeOf(request.routeOptions.config.cors).toEqualTypeOf<FastifyCorsOptions | false | undefined>()
      return 'd'
    })
  })
})
