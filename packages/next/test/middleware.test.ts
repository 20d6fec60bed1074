import { CorsConfigError } from '@crossway/core'
import { cors, withCors } from '@crossway/next'
import { NextRequest, NextResponse } from 'next/server'
import { describe, expect, it, vi } from 'vitest'

const APP = 'https://app.example.com'

function req(method: string, path: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`http://api.test${path}`, { method, headers })
}

function preflight(origin = APP, method = 'PUT', extra: Record<string, string> = {}): NextRequest {
  return req('OPTIONS', '/api/items', { origin, 'access-control-request-method': method, ...extra })
}

describe('cors()', () => {
  const middleware = cors({ origin: [APP], credentials: true, maxAge: 600 })

  it('answers an allowed preflight itself, with an empty 204', async () => {
    const res = await middleware(preflight(APP, 'PUT', { 'access-control-request-headers': 'X-Trace' }))
    expect(res.status).toBe(204)
    expect(res.headers.get('x-middleware-next')).toBeNull()
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-headers')).toBe('x-trace')
    expect(res.headers.get('access-control-max-age')).toBe('600')
    expect(res.headers.get('vary')).toBe(
      'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    )
    expect(await res.text()).toBe('')
  })

  it('refuses a preflight from another origin with a bare 403', async () => {
    const res = await middleware(preflight('https://evil.example'))
    expect(res.status).toBe(403)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('x-middleware-next')).toBeNull()
  })

  it('lets an actual request continue with the headers on NextResponse.next()', async () => {
    const res = await middleware(req('GET', '/api/items', { origin: APP }))
    expect(res.headers.get('x-middleware-next')).toBe('1')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('vary')).toBe('Origin')
  })

  it('lets a disallowed actual request continue without CORS headers', async () => {
    const res = await middleware(req('GET', '/api/items', { origin: 'https://evil.example' }))
    expect(res.headers.get('x-middleware-next')).toBe('1')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('vary')).toBe('Origin')
  })

  it('throws CorsConfigError when the module loads, not per request', () => {
    expect(() => cors({ origin: '*', credentials: true })).toThrow(CorsConfigError)
    expect(() => cors({ allowHeaders: ['x'] } as never)).toThrow(CorsConfigError)
  })

  it('passes the NextRequest to an origin function', async () => {
    const origin = vi.fn(
      (value: string, request: NextRequest) => value === APP && request.nextUrl.pathname === '/api/items',
    )
    const mw = cors({ origin })
    const request = req('GET', '/api/items', { origin: APP })
    const res = await mw(request)
    expect(origin).toHaveBeenCalledWith(APP, request)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('waits for an async origin function', async () => {
    const mw = cors({ origin: async (value) => value === APP })
    const res = await mw(preflight(APP, 'DELETE'))
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })
})

describe('withCors(middleware)', () => {
  const policy = { origin: [APP], exposedHeaders: ['x-request-id'] }

  it('answers preflights before the user middleware runs', async () => {
    const user = vi.fn(() => new NextResponse('denied', { status: 401 }))
    const res = await withCors(user, policy)(preflight())
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(user).not.toHaveBeenCalled()
  })

  it('adds the headers to a response of its own and keeps the user headers and Vary', async () => {
    const user = vi.fn(() =>
      NextResponse.json({ error: 'no' }, { status: 401, headers: { vary: 'Cookie', 'x-a': '1' } }),
    )
    const request = req('GET', '/api/items', { origin: APP })
    const res = await withCors(user, policy)(request)
    expect(user).toHaveBeenCalledWith(request, undefined)
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ error: 'no' })
    expect(res.headers.get('x-a')).toBe('1')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-expose-headers')).toBe('x-request-id')
    expect(res.headers.get('vary')).toBe('Cookie, Origin')
  })

  it('treats returning nothing as NextResponse.next()', async () => {
    const res = await withCors(() => undefined, policy)(req('GET', '/api/items', { origin: APP }))
    expect(res.headers.get('x-middleware-next')).toBe('1')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('keeps a rewrite and the request headers it overrides', async () => {
    const user = (request: NextRequest) => {
      const headers = new Headers(request.headers)
      headers.set('x-user', 'ada')
      const res = NextResponse.rewrite(new URL('/api/v2/items', request.url), { request: { headers } })
      res.headers.set('x-rewritten', 'yes')
      return res
    }
    const res = await withCors(user, policy)(req('GET', '/api/items', { origin: APP }))
    expect(res.headers.get('x-middleware-rewrite')).toBe('http://api.test/api/v2/items')
    expect(res.headers.get('x-middleware-request-x-user')).toBe('ada')
    expect(res.headers.get('x-rewritten')).toBe('yes')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('adds the headers to a redirect, including an immutable Response.redirect()', async () => {
    const a = await withCors(
      () => NextResponse.redirect('http://api.test/login', 307),
      policy,
    )(req('GET', '/api/items', { origin: APP }))
    expect(a.status).toBe(307)
    expect(a.headers.get('location')).toBe('http://api.test/login')
    expect(a.headers.get('access-control-allow-origin')).toBe(APP)

    const b = await withCors(
      () => Response.redirect('http://api.test/login', 308),
      policy,
    )(req('GET', '/api/items', { origin: APP }))
    expect(b.status).toBe(308)
    expect(b.headers.get('location')).toBe('http://api.test/login')
    expect(b.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('hands the user middleware the original NextRequest and the event', async () => {
    const seen: unknown[] = []
    const event = { waitUntil() {} } as never
    const request = req('POST', '/api/items?x=1', { origin: APP })
    await withCors((r, e) => {
      seen.push(r.nextUrl.searchParams.get('x'), r === request, e === event)
    }, policy)(request, event)
    expect(seen).toEqual(['1', true, true])
  })

  it('rejects with what the user middleware throws', async () => {
    const boom = new Error('boom')
    await expect(
      withCors(() => {
        throw boom
      }, policy)(req('GET', '/api/items', { origin: APP })),
    ).rejects.toBe(boom)
  })
})
