import { CorsConfigError } from '@crossway/core'
import { withCors } from '@crossway/next'
import { NextRequest } from 'next/server'
import { describe, expect, it, vi } from 'vitest'

const APP = 'https://app.example.com'

function req(method: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest('http://api.test/api/items', { method, headers })
}

const list = () => Response.json([1, 2], { headers: { 'x-total': '2' } })

describe('withCors(route handlers)', () => {
  it('wraps each handler and passes request and context through', async () => {
    const GET = vi.fn(list)
    const handlers = withCors({ GET }, { origin: [APP] })
    const request = req('GET', { origin: APP })
    const context = { params: Promise.resolve({ id: '1' }) }
    const res = await handlers.GET(request, context)
    expect(GET).toHaveBeenCalledWith(request, context)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([1, 2])
    expect(res.headers.get('x-total')).toBe('2')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('vary')).toBe('Origin')
    expect(Object.keys(handlers).sort()).toEqual(['GET', 'OPTIONS'])
  })

  it('answers a preflight with the added OPTIONS, never calling the user OPTIONS', async () => {
    const OPTIONS = vi.fn(() => new Response('mine'))
    const handlers = withCors({ GET: list, OPTIONS }, { origin: [APP], methods: ['GET', 'PATCH'] })
    const res = await handlers.OPTIONS(
      req('OPTIONS', { origin: APP, 'access-control-request-method': 'PATCH' }),
    )
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,PATCH')
    expect(OPTIONS).not.toHaveBeenCalled()
  })

  it('refuses a preflight for a method the policy does not allow', async () => {
    const handlers = withCors({ GET: list }, { origin: [APP], methods: ['GET'] })
    const res = await handlers.OPTIONS(
      req('OPTIONS', { origin: APP, 'access-control-request-method': 'DELETE' }),
    )
    expect(res.status).toBe(403)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('sends a plain OPTIONS to the user OPTIONS handler, with CORS headers', async () => {
    const OPTIONS = vi.fn(() => new Response('mine', { status: 200 }))
    const res = await withCors({ OPTIONS }, { origin: [APP] }).OPTIONS(req('OPTIONS', { origin: APP }))
    expect(OPTIONS).toHaveBeenCalledTimes(1)
    expect(await res.text()).toBe('mine')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('answers a plain OPTIONS as Next.js would when there is no user OPTIONS', async () => {
    const handlers = withCors({ GET: list, POST: list }, { origin: [APP] })
    const res = await handlers.OPTIONS(req('OPTIONS', { origin: APP }))
    expect(res.status).toBe(204)
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('passes an allowed preflight to the user OPTIONS with preflightContinue', async () => {
    const OPTIONS = vi.fn(() => new Response(null, { status: 200 }))
    const res = await withCors({ OPTIONS }, { origin: [APP], preflightContinue: true }).OPTIONS(
      req('OPTIONS', { origin: APP, 'access-control-request-method': 'PUT' }),
    )
    expect(OPTIONS).toHaveBeenCalledTimes(1)
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('refuses bad input when the module loads', () => {
    expect(() => withCors({ get: list } as never, {})).toThrow(/"get" is not a route handler method/)
    expect(() => withCors({ GET: 'list' } as never, {})).toThrow(/GET handler must be a function/)
    expect(() => withCors(null as never, {})).toThrow(TypeError)
    expect(() => withCors({ GET: list }, { origin: 'https://a.com/' })).toThrow(CorsConfigError)
  })

  it('rejects with what a handler throws (Next.js answers it)', async () => {
    const boom = new Error('boom')
    const failing = () => {
      throw boom
    }
    await expect(withCors({ GET: failing }, { origin: [APP] }).GET(req('GET', { origin: APP }))).rejects.toBe(
      boom,
    )
  })
})
