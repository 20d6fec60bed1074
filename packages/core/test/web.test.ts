import { describe, expect, it, vi } from 'vitest'
import { createCors } from '../src/index'

const A = 'https://a.com'
const req = (method: string, headers: Record<string, string> = {}) =>
  new Request('http://api.test/x', { method, headers })

describe('handle(request, next) — the Web path', () => {
  const cors = createCors({
    origin: [A],
    credentials: true,
    exposedHeaders: ['x-total'],
    allowedHeaders: ['x-a'],
  })

  it('answers an allowed preflight itself with 204, the headers, Vary and no body', async () => {
    const next = vi.fn(() => new Response('app'))
    const res = await cors.handle(
      req('OPTIONS', {
        origin: A,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'X-A',
      }),
      next,
    )
    expect(next).not.toHaveBeenCalled()
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(A)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-allow-headers')).toBe('x-a')
    expect(res.headers.get('access-control-expose-headers')).toBeNull()
    expect(res.headers.get('vary')).toBe(
      'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    )
    expect(await res.text()).toBe('')
  })

  it('refuses a preflight with a bare 403 without calling next', async () => {
    const next = vi.fn(() => new Response('app'))
    const res = await cors.handle(
      req('OPTIONS', { origin: 'https://evil.com', 'access-control-request-method': 'PUT' }),
      next,
    )
    expect(next).not.toHaveBeenCalled()
    expect(res.status).toBe(403)
    expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([])
    expect(res.headers.get('content-length')).toBe('0')
  })

  it('decorates the app response, keeping its status, body and merging its Vary', async () => {
    const res = await cors.handle(
      req('GET', { origin: A }),
      async () => new Response('teapot', { status: 418, headers: { vary: 'Accept-Encoding', 'x-own': '1' } }),
    )
    expect(res.status).toBe(418)
    expect(await res.text()).toBe('teapot')
    expect(res.headers.get('x-own')).toBe('1')
    expect(res.headers.get('access-control-allow-origin')).toBe(A)
    expect(res.headers.get('access-control-expose-headers')).toBe('x-total')
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Origin')
  })

  it('copies a response whose headers are immutable (Response.redirect)', async () => {
    const redirect = Response.redirect('http://api.test/elsewhere', 307)
    const res = await cors.handle(req('GET', { origin: A }), () => redirect)
    expect(res).not.toBe(redirect)
    expect(res.status).toBe(307)
    expect(res.headers.get('location')).toBe('http://api.test/elsewhere')
    expect(res.headers.get('access-control-allow-origin')).toBe(A)
  })

  it('passes the request to next unchanged and rejects with what next throws', async () => {
    const request = req('POST', { origin: A })
    const boom = new Error('boom')
    const next = vi.fn(() => {
      throw boom
    })
    await expect(cors.handle(request, next)).rejects.toBe(boom)
    expect(next).toHaveBeenCalledWith(request)
  })

  it('rejects with an origin function error and passes the Request to the function', async () => {
    const boom = new Error('lookup failed')
    const seen: unknown[] = []
    const failing = createCors<Request>({
      origin: async (_o, r) => {
        seen.push(r)
        throw boom
      },
    })
    const request = req('GET', { origin: A })
    await expect(failing.handle(request, () => new Response('x'))).rejects.toBe(boom)
    expect(seen).toEqual([request])
  })

  it('joins repeated Origin lines the way Headers does, and refuses them', async () => {
    const headers = new Headers()
    headers.append('origin', A)
    headers.append('origin', A)
    const res = await cors.handle(new Request('http://api.test/', { headers }), () => new Response('ok'))
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('vary')).toBe('Origin')
  })

  it('leaves a non-CORS response untouched under origin * except ACAO', async () => {
    const open = createCors()
    const res = await open.handle(req('GET'), () => new Response('ok', { headers: { vary: '*' } }))
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('vary')).toBe('*')
  })
})
