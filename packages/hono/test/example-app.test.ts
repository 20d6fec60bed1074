// examples/hono (the app the browser suite drives in three engines), asked over HTTP without a
// browser: one policy per path with `except`, the OPTIONS counter in front of cors(), CSRF on
// the api policy, and error pages that keep their headers.
import { afterEach, describe, expect, it, vi } from 'vitest'
import app from '../../../examples/hono/app.js'
import { preflight, serve, varyTokens } from './http'

const PAGE = 'http://localhost:5173' // the example policy's origin when PAGE_PORT is unset

afterEach(() => vi.restoreAllMocks())

describe('examples/hono', () => {
  it('gives /api/* the api policy and /api/public/* the public one, never both', async () => {
    const warned = vi.spyOn(process, 'emitWarning')
    const send = await serve(app)

    const hello = await send('GET', '/api/hello', { origin: PAGE })
    expect(JSON.parse(hello.body)).toEqual({ message: 'hello', framework: 'hono' })
    expect(hello.headers).toMatchObject({
      'access-control-allow-origin': PAGE,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
      'x-internal': 'not-exposed',
    })
    const open = await send('GET', '/api/public/hello', { origin: 'https://anyone.example' })
    expect(open.headers['access-control-allow-origin']).toBe('*')
    expect(open.headers['access-control-allow-credentials']).toBeUndefined()
    expect(open.headers['x-request-id']).toBeUndefined()
    const openPreflight = await send(
      'OPTIONS',
      '/api/public/hello',
      preflight('https://anyone.example', 'GET'),
    )
    expect(openPreflight.headers['access-control-allow-origin']).toBe('*')
    expect(varyTokens(openPreflight.headers.vary)).not.toContain('origin')
    expect(
      warned.mock.calls.filter(([, options]) => (options as { code?: string })?.code === 'CROSSWAY_STACKED'),
    ).toEqual([])
  })

  it('counts the preflights cors() answers, and keeps the headers on its 500', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const send = await serve(app)
    const before = JSON.parse((await send('GET', '/__stats')).body).options as number
    const answer = await send('OPTIONS', '/api/items', preflight(PAGE, 'PUT', 'content-type'))
    expect(answer.status).toBe(204)
    expect(answer.headers['access-control-max-age']).toBe('600')
    expect(JSON.parse((await send('GET', '/__stats')).body).options).toBe(before + 1)

    const failed = await send('GET', '/api/error', { origin: PAGE })
    expect(failed.status).toBe(500)
    expect(JSON.parse(failed.body)).toEqual({ error: 'boom', framework: 'hono' })
    expect(failed.headers['access-control-allow-origin']).toBe(PAGE)
  })

  it('refuses a forged cross-site form post before its handler runs', async () => {
    const send = await serve(app)
    const forged = await send('POST', '/api/items', {
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(forged.status).toBe(403)
    const stats = JSON.parse((await send('GET', '/__stats')).body)
    expect(stats.unsafe.at(-1)).toMatchObject({ method: 'POST', url: '/api/items', handled: false })
  })
})
