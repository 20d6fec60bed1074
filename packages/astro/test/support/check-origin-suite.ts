import { sendHttp, sendRawHttp } from '@crossway/conformance'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP, EVIL, type RunningApp, startApp } from './app'
import { majorOf, preemptedByCheckOrigin } from './conformance-suites'
import { type AstroInstall, buildFixture } from './fixture'
import { send } from './http'
import { checkOriginBody, servedOrigin } from './origin-check'

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'access-control-allow-methods',
]

// The policy of a typical API: one browser origin, with cookies, and `csrf` on (semantics.md §10).
const POLICY = {
  origin: [APP],
  credentials: true,
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  allowedHeaders: ['content-type'],
  exposedHeaders: ['x-total'],
  csrf: true,
}

const FORM = 'application/x-www-form-urlencoded'
/** Stands for the origin Astro serves (`context.url.origin`), read from the server. */
const SELF = '<served origin>'

interface Row {
  readonly what: string
  readonly method: string
  readonly headers: Record<string, string>
  readonly body?: string
  /** What the route answers when it runs. */
  readonly routeStatus: number
}

// What a browser sends, by kind of request, from the allowed origin and from another site.
const ROWS: readonly Row[] = [
  {
    what: 'a preflight from the allowed origin',
    method: 'OPTIONS',
    headers: { origin: APP, 'access-control-request-method': 'DELETE', 'sec-fetch-site': 'cross-site' },
    routeStatus: 204,
  },
  {
    what: 'a form post (fetch with a URLSearchParams body) from the allowed origin',
    method: 'POST',
    headers: { origin: APP, 'content-type': FORM, 'sec-fetch-site': 'cross-site' },
    body: 'a=1',
    routeStatus: 201,
  },
  {
    what: 'a JSON post from the allowed origin (after its preflight)',
    method: 'POST',
    headers: { origin: APP, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
    body: '{}',
    routeStatus: 201,
  },
  {
    what: 'a DELETE without a body from the allowed origin (after its preflight)',
    method: 'DELETE',
    headers: { origin: APP, 'sec-fetch-site': 'cross-site' },
    routeStatus: 200,
  },
  {
    what: 'a forged form post from another site',
    method: 'POST',
    headers: { origin: EVIL, 'content-type': FORM, 'sec-fetch-site': 'cross-site' },
    body: 'a=1',
    routeStatus: 201,
  },
  {
    what: 'a same-origin form post (Origin: the origin Astro serves)',
    method: 'POST',
    headers: { origin: SELF, 'content-type': FORM, 'sec-fetch-site': 'same-origin' },
    body: 'a=1',
    routeStatus: 201,
  },
  {
    what: 'a POST without Origin or Content-Type (curl, a server)',
    method: 'POST',
    headers: {},
    routeStatus: 201,
  },
]

type Outcome = 'route' | 'astro-403' | 'crossway-403' | 'preflight-204'

/**
 * What users see with Astro's `security.checkOrigin` on (its default) and off, on the real app
 * with a csrf policy. With it on, Astro answers unsafe cross-origin requests with a form-like
 * body or none before any middleware (so no CORS header, and a browser reports a CORS error),
 * allowed origin or not; preflights pass through to cors(). With it off, the policy's `csrf`
 * refuses the forgeries and lets the allowed origin through.
 */
export function checkOriginSuite(install: AstroInstall): void {
  const major = majorOf(install)
  const expected: Record<'on' | 'off', readonly Outcome[]> = {
    on: [
      'preflight-204',
      'astro-403',
      'route',
      'astro-403',
      'astro-403',
      'route',
      // Astro 5 and 6 refuse an unsafe request without Origin too; 7 lets it through.
      major <= 6 ? 'astro-403' : 'route',
    ],
    off: ['preflight-204', 'route', 'route', 'route', 'crossway-403', 'route', 'route'],
  }

  for (const setting of ['on', 'off'] as const) {
    describe(`${install.label}: security.checkOrigin ${setting}, policy with csrf: true`, () => {
      let app: RunningApp
      let served = ''
      beforeAll(async () => {
        app = await startApp(buildFixture(install, { checkOrigin: setting === 'on' }), { policy: POLICY })
        served = (await send(app.url, 'GET', '/x/url')).body
      })
      afterAll(() => app?.close())

      it('serves the origin its check compares with', () => {
        expect(served).toBe(servedOrigin(major, new URL(app.url).host))
      })

      ROWS.forEach((row, i) => {
        const outcome = expected[setting][i]!
        it(`${row.what}: ${outcome}`, async () => {
          const headers = { ...row.headers }
          if (headers.origin === SELF) headers.origin = served
          const res = await send(app.url, row.method, '/resource', headers, row.body)
          if (outcome === 'astro-403') {
            expect(res.status).toBe(403)
            expect(res.body).toBe(checkOriginBody(row.method))
            for (const name of CORS_HEADERS) expect(res.headers[name], name).toBeUndefined()
            expect(res.headers.vary).toBeUndefined()
          } else if (outcome === 'crossway-403') {
            expect(res.status).toBe(403)
            expect(res.body).toBe('')
            expect(res.headers.vary).toBe('Origin')
            for (const name of CORS_HEADERS) expect(res.headers[name], name).toBeUndefined()
          } else if (outcome === 'preflight-204') {
            expect(res.status).toBe(204)
            expect(res.headers['access-control-allow-origin']).toBe(APP)
            expect(res.headers['access-control-allow-methods']).toBe('GET,POST,PUT,DELETE')
          } else {
            expect(res.status).toBe(row.routeStatus)
            const granted = row.headers.origin === APP ? APP : undefined
            expect(res.headers['access-control-allow-origin']).toBe(granted)
          }
          // The route runs exactly when the outcome says so.
          expect(res.headers['x-handler'] !== undefined).toBe(outcome === 'route')
        })
      })
    })
  }

  describe(`${install.label}: every conformance case Astro's defaults skip gets Astro's own 403`, () => {
    let app: RunningApp
    beforeAll(async () => {
      // The policy does not matter: Astro answers before the middleware could read it.
      app = await startApp(buildFixture(install, { checkOrigin: true }), { policy: { origin: '*' } })
    })
    afterAll(() => app?.close())

    const cases = preemptedByCheckOrigin(install)
    it('has cases to prove', () => {
      expect(cases.length).toBeGreaterThan(0)
    })
    for (const c of cases) {
      it(c.id, async () => {
        const res = await (c.request.transport === 'raw' ? sendRawHttp : sendHttp)(app.url, c.request)
        expect(res.status).toBe(403)
        expect(res.body).toBe(checkOriginBody(c.request.method))
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
        expect(res.headers['x-handler']).toBeUndefined()
      })
    }
  })
}
