// The three advisories against hono/cors of 2025–26, each made impossible here and pinned by a
// regression test:
// - GHSA-88fw-hqm2-52qc: with `credentials: true` and `origin` left at its wildcard default,
//   any Origin was reflected with Access-Control-Allow-Credentials.
// - GHSA-8j4g-w8fx-2239: Access-Control-Request-Headers was parsed in time quadratic in its
//   length (a long run of whitespace cost seconds of CPU).
// - GHSA-q7jf-gf43-6x6p: the request's own `Vary` header was copied into the response.

import type { Server } from 'node:http'
import { listen, sendHttp } from '@crossway/conformance'
import { type CorsRejection, isCorsConfigError } from '@crossway/core'
import { createAdaptorServer } from '@hono/node-server'
import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import { cors } from '../src/index'
import { APP, EVIL, preflight, serve, varyTokens } from './http'

function configErrorCode(build: () => unknown): string | undefined {
  try {
    build()
  } catch (error) {
    return isCorsConfigError(error) ? error.code : `not a CorsConfigError: ${String(error)}`
  }
  return undefined
}

describe('GHSA-88fw-hqm2-52qc: no credentialed wildcard, no reflection of any origin', () => {
  it('refuses credentials with the default or an explicit `*` origin when cors() is called', () => {
    expect(configErrorCode(() => cors({ credentials: true }))).toBe('credentials-with-wildcard')
    expect(configErrorCode(() => cors({ origin: '*', credentials: true }))).toBe('credentials-with-wildcard')
    expect(configErrorCode(() => cors({ origin: undefined, credentials: true }))).toBe(
      'credentials-with-wildcard',
    )
  })

  it('answers `*` literally, without credentials, and never the caller’s Origin', async () => {
    const app = new Hono()
    app.use(cors())
    app.get('/items', (c) => c.text('items'))
    const send = await serve(app)
    for (const r of [
      await send('GET', '/items', { origin: EVIL, cookie: 'session=1' }),
      await send('OPTIONS', '/items', preflight(EVIL)),
    ]) {
      expect(r.headers['access-control-allow-origin']).toBe('*')
      expect(r.headers['access-control-allow-credentials']).toBeUndefined()
    }
  })

  it('with credentials and a list, grants nothing to another origin, `null` included', async () => {
    const app = new Hono()
    app.use(cors({ origin: [APP], credentials: true }))
    app.get('/items', (c) => c.text('items'))
    const send = await serve(app)
    for (const origin of [EVIL, 'null', `${APP}.evil.example`]) {
      for (const r of [
        await send('GET', '/items', { origin }),
        await send('OPTIONS', '/items', preflight(origin)),
      ]) {
        expect(r.headers['access-control-allow-origin'], origin).toBeUndefined()
        expect(r.headers['access-control-allow-credentials'], origin).toBeUndefined()
      }
    }
  })
})

describe('GHSA-8j4g-w8fx-2239: Access-Control-Request-Headers costs time linear in its length, at most', () => {
  const policy = (rejections: CorsRejection[]) => ({
    origin: [APP],
    allowedHeaders: ['content-type', 'x-a'],
    onReject: (r: CorsRejection) => {
      rejections.push(r)
    },
  })

  // The hostile shapes: the advisory's long run of whitespace, and its relatives.
  const shapes: Record<string, (n: number) => string> = {
    'whitespace inside a name': (n) => `x-a${' '.repeat(n)}x-b`,
    // Inside the list: Headers trims the whitespace at either end of the whole value.
    'whitespace around a name': (n) => `x-a,${' '.repeat(n)}x-b${'\t'.repeat(n)},content-type`,
    'empty elements': (n) => ','.repeat(n),
    'spaced empty elements': (n) => ' ,'.repeat(n),
    'many names': (n) => 'x-a,'.repeat(n),
  }

  // The cheapest of `rounds` timings of `reps` dispatches of one prebuilt Request: the minimum
  // is what the work costs when nothing else on the machine interferes.
  async function fastest(app: Hono, request: Request, rounds = 7, reps = 10): Promise<number> {
    let best = Number.POSITIVE_INFINITY
    for (let r = 0; r < rounds; r++) {
      const start = process.hrtime.bigint()
      for (let i = 0; i < reps; i++) await app.fetch(request)
      best = Math.min(best, Number(process.hrtime.bigint() - start))
    }
    return best
  }

  it('a value 16 times longer costs at most ~16 times more, never ~256 times (quadratic)', async () => {
    const rejections: CorsRejection[] = []
    const app = new Hono()
    app.use(cors(policy(rejections)))
    const small = 4 * 1024
    const large = 16 * small
    for (const [shape, make] of Object.entries(shapes)) {
      const [short, long] = [small, large].map(
        (n) =>
          new Request('http://api.test/items', {
            method: 'OPTIONS',
            headers: preflight(APP, 'PUT', make(n)),
          }),
      ) as [Request, Request]
      // Both are refused as malformed (§5: over 1024 bytes), not merely answered.
      rejections.length = 0
      expect((await app.fetch(short)).status, shape).toBe(403)
      expect((await app.fetch(long)).status, shape).toBe(403)
      expect(rejections.map((r) => r.reason)).toEqual(['malformed', 'malformed'])
      await fastest(app, short) // warm-up
      const ratio = (await fastest(app, long)) / (await fastest(app, short))
      // Linear work grows 16×, quadratic 256×: 64 leaves a factor of 4 for a noisy machine
      // either way. (Here it stays near 1: the length is checked before any parsing.)
      expect(ratio, `${shape}: ${small} → ${large} chars`).toBeLessThan(64)
    }
  })

  it('over HTTP, a megabyte of whitespace is a plain 403, and the server answers the next request', async () => {
    const rejections: CorsRejection[] = []
    const app = new Hono()
    app.use(cors(policy(rejections)))
    app.get('/items', (c) => c.text('items'))
    // Node's default 16 KiB header limit would stop it before Hono: raised, as a proxy in front might.
    const server = await listen(
      createAdaptorServer({ fetch: app.fetch, serverOptions: { maxHeaderSize: 4 * 1024 * 1024 } }) as Server,
    )
    try {
      const huge = await sendHttp(server.url, {
        method: 'OPTIONS',
        path: '/items',
        headers: preflight(APP, 'PUT', `x-a${' '.repeat(1024 * 1024)}x-b`),
      })
      expect(huge).toMatchObject({ status: 403, body: '' })
      expect(rejections).toMatchObject([{ kind: 'preflight', reason: 'malformed' }])
      const next = await sendHttp(server.url, {
        method: 'OPTIONS',
        path: '/items',
        headers: preflight(APP, 'PUT', 'x-a'),
      })
      expect(next.status).toBe(204)
      expect(next.headers['access-control-allow-headers']).toBe('content-type,x-a')
    } finally {
      await server.close()
    }
  })
})

describe('GHSA-q7jf-gf43-6x6p: the request’s Vary never reaches the response', () => {
  it('on allowed, refused and non-CORS requests, preflights, errors and 404s', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const app = new Hono()
    app.use(cors({ origin: [APP], credentials: true }))
    app.get('/items', (c) => c.text('items'))
    app.get('/vary', (c) => c.text('vary', 200, { Vary: 'Accept-Encoding' }))
    app.get('/fail', () => {
      throw new Error('boom')
    })
    const send = await serve(app)
    const PREFLIGHT_VARY = ['access-control-request-headers', 'access-control-request-method', 'origin']
    const hostile = { vary: '*, X-Evil' }
    const cases: [string, string, Record<string, string>, string[]][] = [
      ['GET', '/items', { origin: APP }, ['origin']],
      ['GET', '/items', { origin: EVIL }, ['origin']],
      ['GET', '/items', {}, ['origin']],
      ['GET', '/vary', { origin: APP }, ['accept-encoding', 'origin']],
      ['GET', '/fail', { origin: APP }, ['origin']],
      ['GET', '/missing', { origin: APP }, ['origin']],
      ['OPTIONS', '/items', preflight(APP), PREFLIGHT_VARY],
      ['OPTIONS', '/items', preflight(EVIL), PREFLIGHT_VARY],
    ]
    for (const [method, path, headers, vary] of cases) {
      const r = await send(method, path, { ...headers, ...hostile })
      expect(varyTokens(r.headers.vary), `${method} ${path} ${headers.origin ?? 'no origin'}`).toEqual(vary)
    }
    vi.restoreAllMocks()
  })
})
