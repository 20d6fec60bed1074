import { describe, expectTypeOf, it } from 'vitest'
import { type CorsDecision, type CorsOptions, createCors } from '../src/index'

describe('the maybe-promise fast path', () => {
  it('is synchronous for static policies and boolean origin functions', () => {
    expectTypeOf(createCors().decide).returns.toEqualTypeOf<CorsDecision>()
    expectTypeOf(createCors({ origin: ['https://a.com'] }).decide).returns.toEqualTypeOf<CorsDecision>()
    expectTypeOf(
      createCors({ origin: (o: string) => o.endsWith('.a.com') }).decide,
    ).returns.toEqualTypeOf<CorsDecision>()
  })
  it('may return a promise when the origin function is async', () => {
    const cors = createCors({ origin: async (o: string) => o === 'https://a.com' })
    expectTypeOf(cors.decide).returns.toEqualTypeOf<CorsDecision | Promise<CorsDecision>>()
  })
  it('types the native request the origin function receives', () => {
    createCors<{ ip: string }>({ origin: (_o, req) => req.ip === '127.0.0.1' })
    // @ts-expect-error — `nope` is not on the native request type
    createCors<{ ip: string }>({ origin: (_o, req) => req.nope === 1 })
  })
  it('narrows decisions on kind and respond', () => {
    const d = createCors().decide('GET', undefined, undefined, undefined, undefined, undefined)
    // A decision the middleware answers by itself: a preflight, or a forgery refused by csrf.
    if (d.respond) expectTypeOf(d.kind).toEqualTypeOf<'preflight' | 'actual'>()
    if (d.respond) expectTypeOf(d.status).toEqualTypeOf<number>()
    if (d.respond && d.kind === 'actual') expectTypeOf(d.reason).toEqualTypeOf<'csrf'>()
    if (d.kind === 'not-cors') expectTypeOf(d.allowed).toEqualTypeOf<true>()
  })
  it('rejects misspelt options at compile time too', () => {
    // @ts-expect-error — allowHeaders is not an option (allowedHeaders is)
    const bad: CorsOptions = { allowHeaders: ['x'] }
    void bad
  })
})
