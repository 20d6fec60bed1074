import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP, EVIL, type RunningApp, startApp } from './app'
import { type AstroInstall, buildFixture } from './fixture'
import { send } from './http'

const preflight = (origin: string, method: string) => ({
  origin,
  'access-control-request-method': method,
})

/**
 * Which policy decides (semantics.md §7a), on the real app: two `cors()` stacked in one
 * `sequence()` (the first decides, preflight and actual request alike), and `corsByRoute`,
 * which follows the route Astro matched, whatever the URL's spelling.
 */
export function compositionSuite(install: AstroInstall): void {
  describe(`${install.label}: sequence(cors(a), cors(b)) — the first decides`, () => {
    let app: RunningApp
    beforeAll(async () => {
      const dir = buildFixture(install, { checkOrigin: false })
      app = await startApp(dir, {
        mode: 'stacked',
        policy: { origin: [APP] },
        second: { origin: '*', exposedHeaders: ['x-second'] },
      })
    })
    afterAll(() => app?.close())

    it('answers a preflight with the first policy, before the second or the route', async () => {
      const res = await send(app.url, 'OPTIONS', '/resource', preflight(APP, 'PUT'))
      expect(res.status).toBe(204)
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(res.headers['x-handler']).toBeUndefined()
    })

    it('decides the actual request with the same first policy: nothing from the second', async () => {
      const res = await send(app.url, 'GET', '/resource', { origin: APP })
      expect(res.status).toBe(200)
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(res.headers['access-control-expose-headers']).toBeUndefined()
    })

    it('refuses what the first refuses, though the second would allow it', async () => {
      const pre = await send(app.url, 'OPTIONS', '/resource', preflight(EVIL, 'PUT'))
      expect(pre.status).toBe(403)
      expect(pre.headers['access-control-allow-origin']).toBeUndefined()
      const get = await send(app.url, 'GET', '/resource', { origin: EVIL })
      expect(get.headers['access-control-allow-origin']).toBeUndefined()
      expect(get.headers['x-handler']).toBe('resource-get')
    })

    it('warns once, naming the fix', async () => {
      await send(app.url, 'GET', '/resource', { origin: APP })
      const warnings = app.output().match(/CROSSWAY_STACKED/g) ?? []
      expect(warnings).toHaveLength(1)
      expect(app.output()).toContain('corsByRoute')
    })
  })

  describe(`${install.label}: corsByRoute — the route Astro matched decides`, () => {
    let app: RunningApp
    beforeAll(async () => {
      const dir = buildFixture(install, { checkOrigin: false })
      app = await startApp(dir, {
        mode: 'by-route',
        routes: {
          '/': { origin: [APP], credentials: true },
          '/x/public': { origin: '*' },
          '/x/items': { origin: [APP], methods: ['GET', 'DELETE'] },
          '/x/page': false,
        },
        notFound: { origin: [APP] },
      })
    })
    afterAll(() => app?.close())

    it('gives each route the policy of its most specific key', async () => {
      const open = await send(app.url, 'GET', '/x/public/hello', { origin: EVIL })
      expect(open.headers['x-handler']).toBe('public-hello')
      expect(open.headers['access-control-allow-origin']).toBe('*')
      const root = await send(app.url, 'GET', '/resource', { origin: APP })
      expect(root.headers['access-control-allow-credentials']).toBe('true')
      const pre = await send(app.url, 'OPTIONS', '/x/items/42', preflight(APP, 'DELETE'))
      expect(pre.status).toBe(204)
      expect(pre.headers['access-control-allow-methods']).toBe('GET,DELETE')
      expect(pre.headers['access-control-allow-credentials']).toBeUndefined()
    })

    it('follows Astro’s routing for encoded paths and trailing slashes', async () => {
      for (const path of ['/x/%70ublic/hello', '/x/public/hello/']) {
        const res = await send(app.url, 'GET', path, { origin: EVIL })
        expect(res.headers['x-handler'], path).toBe('public-hello')
        expect(res.headers['access-control-allow-origin'], path).toBe('*')
      }
    })

    it('applies no policy to a route mapped to false', async () => {
      const res = await send(app.url, 'GET', '/x/page', { origin: APP })
      expect(res.status).toBe(200)
      expect(res.headers['access-control-allow-origin']).toBeUndefined()
      expect(res.headers.vary).toBeUndefined()
    })

    it('uses notFound for paths with no route, preflights included', async () => {
      const res = await send(app.url, 'GET', '/x/nothing/here', { origin: APP })
      expect(res.status).toBe(404)
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(res.headers['access-control-allow-credentials']).toBeUndefined()
      const pre = await send(app.url, 'OPTIONS', '/x/nothing/here', preflight(APP, 'PUT'))
      expect(pre.status).toBe(204)
      expect(pre.headers['access-control-allow-origin']).toBe(APP)
    })
  })
}
