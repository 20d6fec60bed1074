// What goes on the wire, the preflight cache, and the cases that need no server.
import type { IncomingHttpHeaders } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CorsPreflightCache, DoctorError, probe } from '../src/index'
import { serve } from './support/serve'

const page = 'http://localhost:5173'
const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = []
let base = ''
let close: () => Promise<void>

beforeAll(async () => {
  const server = await serve((req, res) => {
    req.resume()
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    const h = {
      'access-control-allow-origin': page,
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...h,
        'access-control-allow-methods': 'PUT',
        'access-control-allow-headers': 'x-b,x-a,content-type,authorization',
        'access-control-max-age': '60',
      })
      return res.end()
    }
    res.writeHead(200, h)
    res.end('ok')
  })
  base = `http://127.0.0.1:${server.port}`
  close = server.close
})
afterAll(() => close())

describe('the preflight a browser sends', () => {
  it('announces the method and the unsafe names lower-cased, sorted, comma-joined; no credentials', async () => {
    seen.length = 0
    const r = await probe(`${base}/wire`, {
      origin: page,
      method: 'put',
      headers: [
        ['X-B', '1'],
        ['Content-Type', 'application/json'],
        ['x-a', '2'],
        ['Accept', 'text/plain'],
        ['Authorization', 'Bearer t'],
        ['Cookie', 'a=b'],
      ],
      credentials: true,
    })
    const preflight = seen.find((s) => s.method === 'OPTIONS')!
    expect(preflight.headers['access-control-request-method']).toBe('PUT')
    expect(preflight.headers['access-control-request-headers']).toBe('authorization,content-type,x-a,x-b')
    expect(preflight.headers.origin).toBe(page)
    expect(preflight.headers.accept).toBe('*/*')
    expect(preflight.headers.cookie).toBeUndefined()
    expect(preflight.headers.authorization).toBeUndefined()
    const actual = seen.find((s) => s.method === 'PUT')!
    expect(actual.headers.authorization).toBe('Bearer t')
    expect(actual.headers.cookie).toBeUndefined()
    expect(r.warnings.map((w) => w.code)).toContain('forbidden-header-dropped')
    expect(r.preflight?.needed).toBe(true)
  })

  it('sends no preflight for a safelisted request', async () => {
    seen.length = 0
    const r = await probe(`${base}/simple`, { origin: page, method: 'POST', bodyType: 'text/plain' })
    expect(seen.filter((s) => s.method === 'OPTIONS')).toEqual([])
    expect(r.preflight).toEqual({ needed: false, sent: null, received: null })
  })
})

describe('the CORS-preflight cache', () => {
  it('answers a second identical request, per method and header name', async () => {
    const cache = new CorsPreflightCache()
    const request = { origin: page, method: 'PUT', headers: { 'x-a': '1' }, cache }
    seen.length = 0
    await probe(`${base}/cached`, request)
    const second = await probe(`${base}/cached`, request)
    expect(seen.filter((s) => s.method === 'OPTIONS')).toHaveLength(1)
    expect(second.preflight).toEqual({ needed: true, sent: null, received: null })
    expect(second.warnings.map((w) => w.code)).toContain('preflight-cache-hit')
    await probe(`${base}/cached`, { ...request, headers: { 'x-c': '1' } })
    expect(seen.filter((s) => s.method === 'OPTIONS')).toHaveLength(2)
  })

  it('expires entries after max-age', async () => {
    let now = 0
    const cache = new CorsPreflightCache({ now: () => now })
    cache.store(page, 'http://x/', false, 60, ['PUT'], [])
    expect(cache.hasMethod(page, 'http://x/', false, 'PUT')).toBe(true)
    expect(cache.hasMethod(page, 'http://x/', true, 'PUT')).toBe(false)
    now = 60_001
    expect(cache.hasMethod(page, 'http://x/', false, 'PUT')).toBe(false)
  })

  it('caps max-age at the engine’s ceiling', () => {
    let now = 0
    const cache = new CorsPreflightCache({ engine: 'webkit', now: () => now })
    cache.store(page, 'http://x/', false, 86_400, [], ['x-a'])
    now = 601_000
    expect(cache.hasHeader(page, 'http://x/', false, 'x-a')).toBe(false)
  })
})

describe('without a server', () => {
  it('blocks mixed content before sending anything', async () => {
    const r = await probe('http://api.doctor.invalid/x', { origin: 'https://app.example.com' })
    expect(r.verdict).toBe('blocked')
    expect(r.problems.map((p) => p.code)).toEqual(['mixed-content'])
    expect(r.preflight).toBeNull()
    expect(r.actual).toBeNull()
  })

  it.each([
    ['not a url', { origin: page }],
    ['ftp://x/', { origin: page }],
    ['http://127.0.0.1:1/', { origin: 'not an origin' }],
    ['http://127.0.0.1:1/', { origin: page, method: 'TRACE' }],
    ['http://127.0.0.1:1/', { origin: page, bodyType: 'text/plain' }],
  ])('refuses bad input (%s) with a DoctorError', async (url, request) => {
    await expect(probe(url, request)).rejects.toBeInstanceOf(DoctorError)
  })

  it('reports a network error as a DoctorError', async () => {
    await expect(probe('http://127.0.0.1:1/', { origin: page, timeout: 2000 })).rejects.toMatchObject({
      code: 'network',
    })
  })
})
