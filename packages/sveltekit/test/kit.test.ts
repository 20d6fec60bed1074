// What SvelteKit itself adds around `handle`, over real HTTP against the fixture app built with
// adapter-node and started with `node build`: preflights for routes with and without an
// `OPTIONS` export, the headers on Kit's error, redirect and 404 responses, hooks composed with
// `sequence()`, two Crossway hooks stacked, `corsByRoute`, Kit's own CSRF check, and a bad
// policy stopping the server at start-up.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { varyTokens } from '@crossway/conformance'
import type { CorsOptions, CorsRejection } from '@crossway/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { send } from './support/http'
import {
  type AppServer,
  buildApp,
  type KitCsrf,
  type KitStack,
  kitStacks,
  runAppToExit,
  startApp,
} from './support/kit-app'

const APP = 'https://app.example.com'
const EVIL = 'https://evil.example'
const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
]
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

interface Served {
  readonly url: string
  readonly server: AppServer
  /** Every `onReject` call the server made so far. */
  readonly rejections: () => CorsRejection[]
}

/** A server for the tests of one `describe`: `node build` of the fixture with these hooks and policies. */
function serve(
  kit: KitStack,
  csrf: KitCsrf,
  hooks: string,
  policy: CorsOptions,
  second?: CorsOptions,
  options: { origin?: boolean } = {},
): () => Served {
  let served: Served | undefined
  let dir: string | undefined
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crossway-sveltekit-kit-'))
    const file = join(dir, 'rejections.ndjson')
    writeFileSync(file, '')
    const env: Record<string, string> = {
      CROSSWAY_TEST_HOOKS: hooks,
      CROSSWAY_TEST_POLICY: JSON.stringify(policy),
      CROSSWAY_TEST_REJECTIONS: file,
    }
    if (second) env.CROSSWAY_TEST_POLICY_2 = JSON.stringify(second)
    const server = await startApp(buildApp(kit, csrf), env, options)
    const rejections = () =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as CorsRejection)
    served = { url: server.url, server, rejections }
  })
  afterAll(async () => {
    await served?.server.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    if (!served) throw new Error('the server did not start')
    return served
  }
}

const preflight = (origin: string, method: string, extra: Record<string, string> = {}) => ({
  origin,
  'access-control-request-method': method,
  ...extra,
})

const absentCors = (headers: Readonly<Record<string, string>>) =>
  CORS_HEADERS.filter((name) => name in headers)

function defineKitTests(kit: KitStack): void {
  describe('preflights are answered in handle, for every route', () => {
    const app = serve(kit, 'policy', 'single', { origin: [APP], credentials: true, maxAge: 600 })

    it.each([
      ['an endpoint with an OPTIONS export', '/resource'],
      ['an endpoint without an OPTIONS export', '/kit/no-options'],
      ['a page', '/kit/page'],
      ['a path with no route', '/kit/nowhere'],
    ])('%s (%s): 204 from the policy, the route never runs', async (_what, path) => {
      const res = await send(app().url, { method: 'OPTIONS', path, headers: preflight(APP, 'PUT') })
      expect(res.status).toBe(204)
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(res.headers['access-control-allow-credentials']).toBe('true')
      expect(res.headers['access-control-allow-methods']).toBe('GET,HEAD,PUT,PATCH,POST,DELETE')
      expect(res.headers['access-control-max-age']).toBe('600')
      expect(res.headers['x-handler']).toBeUndefined()
      expect(res.body).toBe('')
    })

    it('a refused preflight is a bare 403, even where an OPTIONS export exists', async () => {
      const res = await send(app().url, {
        method: 'OPTIONS',
        path: '/resource',
        headers: preflight(EVIL, 'PUT'),
      })
      expect(res.status).toBe(403)
      expect(absentCors(res.headers)).toEqual([])
      expect(res.headers['x-handler']).toBeUndefined()
      expect(app().rejections().at(-1)).toMatchObject({ kind: 'preflight', reason: 'origin', origin: EVIL })
    })

    // Not a preflight (no Access-Control-Request-Method): Kit's own answer, which is what a
    // preflight would get without this package (405 from an endpoint without an export).
    it('an OPTIONS without Access-Control-Request-Method reaches Kit: 405 with Allow, CORS headers on it', async () => {
      const res = await send(app().url, {
        method: 'OPTIONS',
        path: '/kit/no-options',
        headers: { origin: APP },
      })
      expect(res.status).toBe(405)
      expect(res.headers.allow).toContain('GET')
      expect(res.headers['access-control-allow-origin']).toBe(APP)
    })
  })

  describe('preflightContinue hands preflights to the route', () => {
    const app = serve(kit, 'policy', 'single', { origin: [APP], preflightContinue: true })

    it('an OPTIONS export answers with the CORS headers set', async () => {
      const res = await send(app().url, {
        method: 'OPTIONS',
        path: '/resource',
        headers: preflight(APP, 'PUT'),
      })
      expect([res.status, res.headers['x-handler'], res.body]).toEqual([200, 'resource-options', 'options'])
      expect(res.headers['access-control-allow-methods']).toBe('GET,HEAD,PUT,PATCH,POST,DELETE')
    })

    it('without an OPTIONS export, Kit’s 405 is what the browser gets', async () => {
      const res = await send(app().url, {
        method: 'OPTIONS',
        path: '/kit/no-options',
        headers: preflight(APP, 'PUT'),
      })
      expect(res.status).toBe(405)
      expect(res.headers['access-control-allow-origin']).toBe(APP)
    })
  })

  describe('Kit’s own error, redirect and 404 responses keep the CORS headers', () => {
    const app = serve(kit, 'policy', 'single', { origin: [APP], credentials: true })
    const html = { accept: 'text/html' }

    it.each([
      ['error(418) in an endpoint', '/kit/endpoint-error', {}, 418, 'short and stout'],
      ['a plain Error thrown by an endpoint', '/error', {}, 500, 'Internal Error'],
      ['redirect(303) in an endpoint', '/kit/endpoint-redirect', {}, 303, ''],
      ['error(404) in a +page.server.ts load', '/kit/page-error', html, 404, 'no such item'],
      ['a plain Error thrown by a load', '/kit/page-throws', html, 500, 'Internal Error'],
      ['redirect(307) in a load', '/kit/page-redirect', html, 307, ''],
      [
        'the same load’s error in a client-side navigation (__data.json)',
        '/kit/page-error/__data.json',
        {},
        200,
        'no such item',
      ],
      ['Kit’s 404 for a path with no route', '/kit/nowhere', html, 404, 'Not Found'],
    ])('%s (%s)', async (_what, path, headers, status, body) => {
      const res = await send(app().url, { method: 'GET', path, headers: { origin: APP, ...headers } })
      expect(res.status).toBe(status)
      expect(res.body).toContain(body)
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(res.headers['access-control-allow-credentials']).toBe('true')
      expect(varyTokens(res.headers.vary)).toContain('origin')
      if (status === 303 || status === 307) expect(res.headers.location).toBe('/resource')
    })

    it('a refused origin gets the same error without CORS headers, Vary: Origin still set', async () => {
      const res = await send(app().url, {
        method: 'GET',
        path: '/kit/page-error',
        headers: { origin: EVIL, ...html },
      })
      expect(res.status).toBe(404)
      expect(absentCors(res.headers)).toEqual([])
      expect(varyTokens(res.headers.vary)).toContain('origin')
    })

    // Answered before `handle` runs, so without CORS headers: call the canonical path.
    it('Kit’s trailing-slash redirect (308) comes before handle and has no CORS headers', async () => {
      const res = await send(app().url, { method: 'GET', path: '/kit/no-options/', headers: { origin: APP } })
      expect(res.status).toBe(308)
      // Kit 2 writes the path, Kit 3 a relative reference to it.
      expect(new URL(res.headers.location ?? '', `${app().url}/kit/no-options/`).pathname).toBe(
        '/kit/no-options',
      )
      expect(absentCors(res.headers)).toEqual([])
    })
  })

  describe('sequence(cors(…), yourHook)', () => {
    const app = serve(kit, 'policy', 'with-auth', { origin: [APP], credentials: true })

    it('a preflight is answered before the later hook (an auth check) runs', async () => {
      const res = await send(app().url, {
        method: 'OPTIONS',
        path: '/kit/private',
        headers: preflight(APP, 'GET', { 'access-control-request-headers': 'authorization' }),
      })
      expect(res.status).toBe(204)
      expect(res.headers['access-control-allow-headers']).toBe('authorization')
      expect(res.headers['x-after-cors']).toBeUndefined()
    })

    it('a Response the later hook returns (401) carries the CORS headers', async () => {
      const res = await send(app().url, { method: 'GET', path: '/kit/private', headers: { origin: APP } })
      expect([res.status, res.body]).toEqual([401, 'no token'])
      expect(res.headers['access-control-allow-origin']).toBe(APP)
    })

    it('the route behind both hooks answers with the CORS headers and the later hook’s header', async () => {
      const res = await send(app().url, {
        method: 'GET',
        path: '/kit/private',
        headers: { origin: APP, authorization: 'Bearer ok' },
      })
      expect([res.status, res.headers['x-handler'], res.headers['x-after-cors']]).toEqual([
        200,
        'private',
        'ran',
      ])
      expect(res.headers['access-control-allow-origin']).toBe(APP)
    })

    // semantics.md §4, the Web path: a later hook's throw rejects `resolve`, and Kit answers it
    // outside `handle` (README: return a Response from hooks instead of throwing).
    it('error(401) thrown by the later hook is answered by Kit outside handle, without CORS headers', async () => {
      const res = await send(app().url, {
        method: 'GET',
        path: '/kit/private-throws',
        headers: { origin: APP },
      })
      expect(res.status).toBe(401)
      expect(absentCors(res.headers)).toEqual([])
    })
  })

  describe('two Crossway hooks in one sequence: the first decides, the second steps aside', () => {
    const first = { origin: [APP], methods: ['GET', 'PUT'] }
    const second = { origin: [EVIL, APP], methods: ['DELETE'], exposedHeaders: ['x-handler'] }
    const app = serve(kit, 'policy', 'stacked', first, second)

    it('preflights: the first policy’s answer, for an origin only the second allows too', async () => {
      const allowed = await send(app().url, {
        method: 'OPTIONS',
        path: '/resource',
        headers: preflight(APP, 'PUT'),
      })
      expect([allowed.status, allowed.headers['access-control-allow-methods']]).toEqual([204, 'GET,PUT'])
      const refused = await send(app().url, {
        method: 'OPTIONS',
        path: '/resource',
        headers: preflight(EVIL, 'DELETE'),
      })
      expect(refused.status).toBe(403)
    })

    it('actual requests: the first policy’s headers only, never a mix', async () => {
      const allowed = await send(app().url, { method: 'GET', path: '/resource', headers: { origin: APP } })
      expect(allowed.headers['access-control-allow-origin']).toBe(APP)
      expect(allowed.headers['access-control-expose-headers']).toBeUndefined()
      expect(varyTokens(allowed.headers.vary)).toEqual(['origin'])
      const refused = await send(app().url, { method: 'GET', path: '/resource', headers: { origin: EVIL } })
      expect(absentCors(refused.headers)).toEqual([])
    })

    it('the server warned once (CROSSWAY_STACKED), not per request', () => {
      expect(
        app()
          .server.output()
          .match(/CROSSWAY_STACKED/g),
      ).toHaveLength(1)
    })
  })

  describe('corsByRoute: the policy of the route Kit matched', () => {
    const app = serve(kit, 'policy', 'by-route', { origin: [APP], credentials: true })

    it.each([
      ['/kit/public', 'public', '*'],
      ['/kit/public/nested/7', 'public-nested', '*'],
      // Kit decodes the path before routing: the route, and so the policy, are the ones it runs.
      ['/kit/%70ublic', 'public', '*'],
      ['/kit/no-options', 'no-options-get', APP],
      ['/grouped', 'grouped', undefined],
    ])('GET %s runs route %s with ACAO %s', async (path, handler, acao) => {
      const res = await send(app().url, { method: 'GET', path, headers: { origin: APP } })
      expect([res.status, res.headers['x-handler'], res.headers['access-control-allow-origin']]).toEqual([
        200,
        handler,
        acao,
      ])
    })

    it('a group key covers its routes, whose ids keep the group: /(group) → /grouped', async () => {
      const res = await send(app().url, {
        method: 'GET',
        path: '/grouped',
        headers: { origin: 'https://group.example' },
      })
      expect(res.headers['access-control-allow-origin']).toBe('https://group.example')
    })

    it('a preflight and its request get the same policy', async () => {
      const pre = await send(app().url, {
        method: 'OPTIONS',
        path: '/kit/public/nested/7',
        headers: preflight(EVIL, 'GET'),
      })
      expect([pre.status, pre.headers['access-control-allow-origin']]).toEqual([204, '*'])
      const tight = await send(app().url, {
        method: 'OPTIONS',
        path: '/kit/no-options',
        headers: preflight(EVIL, 'PUT'),
      })
      expect(tight.status).toBe(403)
    })

    it('`false` carves a route out: no CORS header, not even Vary, and the later hook runs', async () => {
      const res = await send(app().url, {
        method: 'GET',
        path: '/kit/private',
        headers: { origin: APP, authorization: 'Bearer ok' },
      })
      expect([res.status, res.headers['x-after-cors']]).toEqual([200, 'ran'])
      expect(absentCors(res.headers)).toEqual([])
      expect(res.headers.vary).toBeUndefined()
    })

    it('notFound governs paths with no route', async () => {
      const res = await send(app().url, { method: 'GET', path: '/nowhere', headers: { origin: APP } })
      expect([res.status, res.headers['access-control-allow-origin']]).toEqual([404, APP])
    })
  })

  describe('Kit’s own CSRF check on (a new app’s default): it answers before handle', () => {
    // ORIGIN: adapter-node takes the app's origin to be https:// unless told, and Kit's check
    // compares the browser's Origin with it (README).
    const app = serve(kit, 'kit', 'single', { origin: [APP], credentials: true, csrf: true }, undefined, {
      origin: true,
    })
    const form = (origin: string, extra: Record<string, string> = {}) => ({
      method: 'POST',
      path: '/kit/form',
      headers: { origin, ...FORM, ...extra },
      body: 'name=tea',
    })

    it('a cross-origin form post from an ALLOWED origin is refused by Kit: 403, no CORS header, so the browser sees a CORS error', async () => {
      const res = await send(app().url, form(APP, { 'sec-fetch-site': 'cross-site' }))
      expect([res.status, res.body]).toEqual([403, 'Cross-site POST form submissions are forbidden'])
      expect(absentCors(res.headers)).toEqual([])
      // `handle` never ran: no Vary from the policy, no onReject.
      expect(res.headers.vary).toBeUndefined()
      expect(app().rejections()).toEqual([])
    })

    it('a forged form post is refused by Kit too, before the policy’s csrf (no onReject)', async () => {
      const res = await send(
        app().url,
        form(EVIL, { 'sec-fetch-site': 'cross-site', accept: 'application/json' }),
      )
      expect(res.status).toBe(403)
      expect(JSON.parse(res.body)).toEqual({ message: 'Cross-site POST form submissions are forbidden' })
      expect(app().rejections()).toEqual([])
    })

    it('a same-origin form post passes both checks', async () => {
      const res = await send(app().url, form(app().url, { 'sec-fetch-site': 'same-origin' }))
      expect([res.status, res.headers['x-handler']]).toEqual([200, 'form-post'])
    })

    it('a JSON post is not Kit’s business: the policy’s csrf refuses a forged one (403, onReject)', async () => {
      const res = await send(app().url, {
        method: 'POST',
        path: '/resource',
        headers: { origin: EVIL, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
        body: '{}',
      })
      expect([res.status, res.body]).toEqual([403, ''])
      expect(app().rejections().at(-1)).toMatchObject({ kind: 'actual', reason: 'csrf', origin: EVIL })
    })

    // Kit 3 also checks requests with no Content-Type (a `fetch` with a string body sends one,
    // `text/plain`; a bodiless POST sends none); Kit 2 checks form content types only.
    it(`a cross-origin POST with no Content-Type from an allowed origin: ${kit.major === 3 ? 'refused by Kit 3' : 'passes Kit 2'}`, async () => {
      const res = await send(app().url, { method: 'POST', path: '/resource', headers: { origin: APP } })
      if (kit.major === 3) expect([res.status, absentCors(res.headers)]).toEqual([403, []])
      else expect([res.status, res.headers['access-control-allow-origin']]).toEqual([201, APP])
    })
  })

  describe("Kit’s check off (trustedOrigins: ['*']) and csrf: true in the policy, as the README recommends", () => {
    const app = serve(kit, 'policy', 'single', { origin: [APP], credentials: true, csrf: true })
    const form = (origin: string, site: string) => ({
      method: 'POST',
      path: '/kit/form',
      headers: { origin, ...FORM, 'sec-fetch-site': site },
      body: 'name=tea',
    })

    it('a form post from the allowed origin runs, and the browser can read the answer', async () => {
      const res = await send(app().url, form(APP, 'cross-site'))
      expect([res.status, res.headers['x-handler'], JSON.parse(res.body)]).toEqual([
        200,
        'form-post',
        { saved: { name: 'tea' } },
      ])
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(res.headers['access-control-allow-credentials']).toBe('true')
    })

    it.each(['cross-site', 'same-site'])(
      'a forged form post (%s) is refused by the policy: 403, empty, the route never runs',
      async (site) => {
        const res = await send(app().url, form(EVIL, site))
        expect([res.status, res.body, res.headers['x-handler']]).toEqual([403, '', undefined])
        expect(absentCors(res.headers)).toEqual([])
        expect(varyTokens(res.headers.vary)).toEqual(['origin'])
        expect(app().rejections().at(-1)).toMatchObject({
          kind: 'actual',
          reason: 'csrf',
          origin: EVIL,
          method: 'POST',
        })
      },
    )

    it('a same-origin form post runs', async () => {
      const res = await send(app().url, form(app().url, 'same-origin'))
      expect([res.status, res.headers['x-handler']]).toEqual([200, 'form-post'])
    })
  })

  describe('Kit’s check off without csrf in the policy: forms are unprotected (why the README pairs them)', () => {
    const app = serve(kit, 'policy', 'single', { origin: [APP], credentials: true })

    it('a forged form post runs the route; only the browser’s reading is refused', async () => {
      const res = await send(app().url, {
        method: 'POST',
        path: '/kit/form',
        headers: { origin: EVIL, ...FORM, 'sec-fetch-site': 'cross-site' },
        body: 'name=tea',
      })
      expect([res.status, res.headers['x-handler']]).toEqual([200, 'form-post'])
      expect(absentCors(res.headers)).toEqual([])
    })
  })

  describe('a bad policy stops the server at start-up', () => {
    it('node build exits with the CorsConfigError, before listening', async () => {
      const { code, output } = await runAppToExit(buildApp(kit, 'policy'), {
        CROSSWAY_TEST_POLICY: JSON.stringify({ origin: '*', credentials: true }),
      })
      expect(code).not.toBe(0)
      expect(output).toContain('CorsConfigError')
      expect(output).toContain('credentials')
      expect(output).not.toContain('Listening on')
    })
  })
}

for (const kit of kitStacks) {
  if (kit.unavailable !== undefined) {
    describe.skip(`${kit.name} — skipped: ${kit.unavailable}`, () => {
      it('every Kit-specific test', () => {})
    })
    continue
  }
  describe(kit.name, () => defineKitTests(kit))
}
