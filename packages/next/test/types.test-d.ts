import { type CorsMiddleware, withCors } from '@crossway/next'
import { type NextRequest, NextResponse } from 'next/server'
import { expectTypeOf, test } from 'vitest'

type Ctx = { params: Promise<{ id: string }> }

const show = (_request: NextRequest, _context: Ctx) => Response.json({})
const create = async (_request: Request) => new Response(null, { status: 201 })
const remove = () => new Response(null)

test('route handlers keep their parameters and gain OPTIONS', () => {
  const handlers = withCors({ GET: show, POST: create, DELETE: remove }, { origin: '*' })
  expectTypeOf(handlers.GET).toEqualTypeOf<(request: NextRequest, context: Ctx) => Promise<Response>>()
  expectTypeOf(handlers.POST).toEqualTypeOf<(request: Request, context?: unknown) => Promise<Response>>()
  expectTypeOf(handlers.DELETE).parameter(0).toEqualTypeOf<NextRequest>()
  expectTypeOf(handlers.OPTIONS).returns.toEqualTypeOf<Promise<Response>>()
  // @ts-expect-error -- only the methods given (and OPTIONS) are there
  handlers.PUT
})

test('a middleware, even one declared to return void, becomes a CorsMiddleware', () => {
  const redirecting = (request: NextRequest) =>
    request.cookies.has('session') ? undefined : NextResponse.redirect(new URL('/login', request.url))
  function logging(_request: NextRequest): void {}
  expectTypeOf(withCors(redirecting, {})).toEqualTypeOf<CorsMiddleware>()
  expectTypeOf(withCors(logging, {})).toEqualTypeOf<CorsMiddleware>()
})

test('the origin function receives the NextRequest', () => {
  withCors(() => undefined, {
    origin: (origin, request) => {
      expectTypeOf(request).toEqualTypeOf<NextRequest>()
      return origin.endsWith('.example.com') && request.nextUrl.pathname.startsWith('/api')
    },
  })
})
