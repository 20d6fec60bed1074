import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP, EVIL, type RunningApp, startApp } from './app'
import { type AstroInstall, buildFixture, prepareFixture, runAstroBuild } from './fixture'
import { send, varyOf } from './http'

const POLICY = { origin: [APP], credentials: true, exposedHeaders: ['x-total'] }

/**
 * What a browser on an allowed origin reads when things go wrong, on the real app: endpoints and
 * pages that throw, Astro's 404 (and its re-render of a body-less 404), redirects whose headers
 * are immutable, a `fetch()` passed through; in both builds, Astro's defaults (with a
 * src/pages/500.astro) and checkOrigin off (without one).
 */
export function errorSuite(install: AstroInstall): void {
  let upstream: http.Server
  let upstreamUrl = ''
  beforeAll(async () => {
    upstream = http.createServer((_req, res) => {
      res.writeHead(203, { 'content-type': 'text/plain', 'x-upstream': 'yes' }).end('from upstream')
    })
    await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done))
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`
  })
  afterAll(() => new Promise<void>((done) => upstream.close(() => done())))

  for (const variant of [
    { checkOrigin: true, label: 'Astro’s defaults, with src/pages/500.astro' },
    { checkOrigin: false, label: 'checkOrigin off, no 500.astro' },
  ]) {
    describe(`${install.label}, ${variant.label}: CORS headers on errors and special responses`, () => {
      let app: RunningApp
      beforeAll(async () => {
        const dir = buildFixture(install, { checkOrigin: variant.checkOrigin })
        app = await startApp(dir, { policy: POLICY }, { CROSSWAY_TEST_UPSTREAM: upstreamUrl })
      })
      afterAll(() => app?.close())

      const granted = (headers: Record<string, string>) => {
        expect(headers['access-control-allow-origin']).toBe(APP)
        expect(headers['access-control-allow-credentials']).toBe('true')
        expect(headers['access-control-expose-headers']).toBe('x-total')
      }

      it('an endpoint that throws: a 500 the browser can read, the error logged', async () => {
        const res = await send(app.url, 'GET', '/error', { origin: APP })
        expect(res.status).toBe(500)
        granted(res.headers)
        expect(varyOf(res)).toEqual(['origin'])
        if (variant.checkOrigin) {
          // Astro still renders src/pages/500.astro in place of the body-less 500.
          expect(res.headers['x-error-page']).toBe('500')
          expect(res.body).toContain('custom 500')
        } else {
          expect(res.body).toBe('')
        }
        expect(app.output()).toContain('Error: boom')
      })

      it('a page whose frontmatter throws: a 500 with the CORS headers', async () => {
        const res = await send(app.url, 'GET', '/x/page-throws', { origin: APP })
        expect(res.status).toBe(500)
        granted(res.headers)
        expect(app.output()).toContain('Error: page boom')
      })

      it('a throw on a request without Origin stays Astro’s: its 500 page and its own log line', async () => {
        const before = app.output().length
        const res = await send(app.url, 'GET', '/x/page-throws')
        expect(res.status).toBe(500)
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
        if (variant.checkOrigin) expect(res.body).toContain('custom 500')
        // Astro's logger, not ours: "[ERROR] [router] Error while trying to render…" on Astro 5.
        expect(app.output().slice(before)).toMatch(/\[ERROR\][\s\S]*page boom/)
      })

      it('a path with no route: Astro’s 404 page, with the CORS headers', async () => {
        const res = await send(app.url, 'GET', '/no/such/path', { origin: APP })
        expect(res.status).toBe(404)
        granted(res.headers)
        expect(res.body).toContain('404')
      })

      it('a method the endpoint does not export: Astro’s 404 page in its place, headers kept, decided once', async () => {
        app.rejections()
        const allowed = await send(app.url, 'GET', '/x/post-only', { origin: APP })
        expect(allowed.status).toBe(404)
        expect(allowed.body).toContain('404')
        granted(allowed.headers)
        // Astro runs the middleware again to render its 404 page, around the same Request; that
        // pass steps aside, so a refused origin is reported once and Vary is not doubled.
        const refused = await send(app.url, 'GET', '/x/post-only', { origin: EVIL })
        expect(refused.status).toBe(404)
        expect(refused.headers['access-control-allow-origin']).toBeUndefined()
        expect(varyOf(refused)).toEqual(['origin'])
        expect(app.rejections()).toEqual([expect.objectContaining({ reason: 'origin', origin: EVIL })])
        expect(app.output()).not.toContain('CROSSWAY_STACKED')
      })

      it('context.redirect(): the redirect carries the CORS headers', async () => {
        const res = await send(app.url, 'GET', '/x/redirect', { origin: APP })
        expect(res.status).toBe(302)
        expect(res.headers.location).toBe('/resource')
        granted(res.headers)
      })

      it('Response.redirect() (immutable headers): a copy with the CORS headers', async () => {
        const res = await send(app.url, 'GET', '/x/response-redirect', { origin: APP })
        expect(res.status).toBe(307)
        // Built from context.url, whose origin Astro chooses (origin-check.ts, servedOrigin).
        const served = (await send(app.url, 'GET', '/x/url')).body
        expect(res.headers.location).toBe(`${served}/resource`)
        granted(res.headers)
      })

      it('a Response from fetch() (immutable headers): status, body and headers kept, CORS added', async () => {
        const res = await send(app.url, 'GET', '/x/fetched', { origin: APP })
        expect(res.status).toBe(203)
        expect(res.body).toBe('from upstream')
        expect(res.headers['x-upstream']).toBe('yes')
        granted(res.headers)
      })

      it('a page rendered on demand gets the headers; a prerendered one is a file the middleware never sees', async () => {
        const page = await send(app.url, 'GET', '/x/page', { origin: APP })
        expect(page.status).toBe(200)
        expect(page.headers['x-handler']).toBe('page')
        granted(page.headers)
        const file = await send(app.url, 'GET', '/x/static', { origin: APP })
        expect(file.status).toBe(200)
        expect(file.body).toContain('static')
        expect(file.headers['access-control-allow-origin']).toBeUndefined()
      })
    })
  }

  describe(`${install.label}: the origin function receives Astro's APIContext`, () => {
    let app: RunningApp
    beforeAll(async () => {
      const dir = buildFixture(install, { checkOrigin: false })
      app = await startApp(dir, {
        policy: {
          origin: function onlyOnThePage(origin: string, context: any): boolean {
            return (
              origin === 'https://app.example.com' &&
              context.routePattern === '/x/page' &&
              context.url.pathname === '/x/page' &&
              typeof context.cookies.get === 'function'
            )
          },
        },
      })
    })
    afterAll(() => app?.close())

    it('decides from the route and URL it is given', async () => {
      const page = await send(app.url, 'GET', '/x/page', { origin: APP })
      expect(page.headers['access-control-allow-origin']).toBe(APP)
      const other = await send(app.url, 'GET', '/resource', { origin: APP })
      expect(other.status).toBe(200)
      expect(other.headers['access-control-allow-origin']).toBeUndefined()
    })
  })

  describe(`${install.label}: the build, and a bad policy`, () => {
    it('runs no CORS step for prerendered pages (Astro would warn about request.headers)', () => {
      const dir = buildFixture(install, { checkOrigin: false })
      expect(buildLog(dir)).toContain('/x/static')
      expect(buildLog(dir)).not.toMatch(/request\.headers/i)
    })

    it('corsCheck warns when Astro’s checkOrigin is on beside a csrf policy, and only then', () => {
      const warning = 'security.checkOrigin is on, and a policy has csrf on'
      expect(buildLog(buildFixture(install, { checkOrigin: true }))).toContain(warning)
      expect(buildLog(buildFixture(install, { checkOrigin: false }))).not.toContain(warning)
    })

    it('corsCheck in astro.config stops `astro build` with the CorsConfigError', () => {
      const dir = mkdtempSync(join(tmpdir(), 'crossway-astro-bad-'))
      try {
        prepareFixture(install, { checkOrigin: false }, dir)
        const { code, output } = runAstroBuild(install, dir, {
          CROSSWAY_FIXTURE_CHECKED_POLICY: JSON.stringify({ origin: 'https://app.example.com/' }),
        })
        expect(code).not.toBe(0)
        // Astro prints the error's message (with where it came from), not its class.
        expect(output).toContain('crossway: origin: "https://app.example.com/" has a trailing slash')
        expect(existsSync(join(dir, 'dist/server/entry.mjs'))).toBe(false)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })

    // Pins why corsCheck exists: Astro loads src/middleware.ts on the first request, so the
    // server starts and then answers every request with a 500. If Astro starts loading it at
    // start-up, this fails: update the README.
    it('without corsCheck, the server starts and every request gets a 500', async () => {
      const app = await startApp(buildFixture(install, { checkOrigin: false }), {
        policy: { origin: 'https://app.example.com/' },
      })
      try {
        for (let i = 0; i < 2; i++) expect((await send(app.url, 'GET', '/resource')).status).toBe(500)
        expect(app.output()).toContain('has a trailing slash')
      } finally {
        await app.close()
      }
    })
  })
}

function buildLog(dir: string): string {
  return readFileSync(join(dir, 'dist', 'crossway-build.log'), 'utf8')
}
