// Two cors() on one path (semantics.md §7a): the first one a request meets decides it, the
// preflight and the actual request it announces alike; a later one steps aside and warns once.
import { H3 } from 'h3'
import { createApp, createRouter, defineEventHandler, useBase } from 'h3v1'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cors } from '../src/index'
import { asV1 } from './harness'
import { exchange, type Reply, serveV1, serveV2 } from './http'

const APP = 'https://app.example.com'
const ADMIN = 'https://admin.example.com'

let warnings: Error[] = []
const onWarning = (warning: Error) => warnings.push(warning)
beforeEach(() => {
  warnings = []
  process.on('warning', onWarning)
})
afterEach(() => {
  process.off('warning', onWarning)
})

// Node emits warnings on the next tick.
const settled = () => new Promise((resolve) => setImmediate(resolve))

/** The same four requests against either major: ADMIN and APP, each as a preflight and an actual request. */
function requests(path: string) {
  return [
    ['OPTIONS', path, { origin: ADMIN, 'access-control-request-method': 'DELETE' }],
    ['DELETE', path, { origin: ADMIN }],
    ['OPTIONS', path, { origin: APP, 'access-control-request-method': 'DELETE' }],
    ['DELETE', path, { origin: APP }],
  ] as const
}

function expectAppWideDecided([adminPre, admin, appPre, app]: Reply[]) {
  // ADMIN is listed only by the inner policy: the app-wide one decides, for both requests.
  expect(adminPre!.status).toBe(403)
  expect(admin!.status).toBe(200)
  expect(admin!.headers['access-control-allow-origin']).toBeUndefined()
  // APP, which the inner policy would refuse, keeps the app-wide grant on both.
  expect(appPre!.status).toBe(204)
  expect(appPre!.headers['access-control-allow-credentials']).toBe('true')
  expect(app!.headers['access-control-allow-origin']).toBe(APP)
  expect(app!.headers['access-control-allow-credentials']).toBe('true')
}

describe('h3 2', () => {
  it('app-wide cors() then a route-scoped one: the app-wide one decides both, and the inner one warns once', async () => {
    const app = new H3()
    app.use(cors({ origin: [APP], credentials: true }))
    app.use('/admin/**', cors({ origin: [ADMIN] }))
    app.delete('/admin/users', () => 'deleted')
    expectAppWideDecided(
      await exchange(serveV2(app), [...requests('/admin/users'), ...requests('/admin/users')]),
    )
    await settled()
    expect(warnings.map((w) => (w as { code?: string }).code)).toEqual(['CROSSWAY_STACKED'])
    expect(warnings[0]!.message).toContain('One policy per request')
  })

  it('a sub-app mounted under an app-wide cors(): the app-wide one decides', async () => {
    const admin = new H3()
    admin.use(cors({ origin: [ADMIN] }))
    admin.delete('/users', () => 'deleted')
    const app = new H3()
    app.use(cors({ origin: [APP], credentials: true }))
    app.mount('/admin', admin)
    expectAppWideDecided(await exchange(serveV2(app), requests('/admin/users')))
  })

  it('the more specific scope registered first decides its paths; the wider one the rest', async () => {
    const app = new H3()
    app.use('/api/public/**', cors({ origin: '*' }))
    app.use('/api/**', cors({ origin: [APP], credentials: true }))
    app.get('/api/public/hello', () => 'public')
    app.get('/api/hello', () => 'private')
    const [publicPre, publicGet, apiPre, apiGet] = await exchange(serveV2(app), [
      ['OPTIONS', '/api/public/hello', { origin: ADMIN, 'access-control-request-method': 'PUT' }],
      ['GET', '/api/public/hello', { origin: ADMIN }],
      ['OPTIONS', '/api/hello', { origin: ADMIN, 'access-control-request-method': 'PUT' }],
      ['GET', '/api/hello', { origin: APP }],
    ])
    expect(publicPre!.status).toBe(204)
    expect(publicPre!.headers['access-control-allow-origin']).toBe('*')
    expect(publicGet!.headers['access-control-allow-origin']).toBe('*')
    expect(publicGet!.headers.vary).toBeUndefined()
    expect(apiPre!.status).toBe(403)
    expect(apiGet!.headers['access-control-allow-origin']).toBe(APP)
  })
  it("the README's form: scopes that do not overlap, so one policy per request and no warning", async () => {
    const app = new H3()
    app.use('/api/public/**', cors({ origin: '*' }))
    app.use('/api/**', cors({ origin: [APP], credentials: true }), {
      match: (event) => !event.url.pathname.startsWith('/api/public/'),
    })
    app.get('/api/public/hello', () => 'public')
    app.get('/api/hello', () => 'private')
    const [publicGet, apiGet, apiPre] = await exchange(serveV2(app), [
      ['GET', '/api/public/hello', { origin: ADMIN }],
      ['GET', '/api/hello', { origin: APP }],
      ['OPTIONS', '/api/hello', { origin: APP, 'access-control-request-method': 'PUT' }],
    ])
    expect(publicGet!.headers['access-control-allow-origin']).toBe('*')
    expect(apiGet!.headers['access-control-allow-credentials']).toBe('true')
    expect(apiPre!.status).toBe(204)
    await settled()
    expect(warnings).toEqual([])
  })
})

describe('h3 1', () => {
  it('app-wide cors() then one on a path prefix: the app-wide one decides both, and the inner one warns once', async () => {
    const admin = createRouter()
    admin.delete(
      '/users',
      defineEventHandler(() => 'deleted'),
    )
    const app = createApp()
    app.use(asV1(cors({ origin: [APP], credentials: true })))
    app.use('/admin', asV1(cors({ origin: [ADMIN] })))
    app.use('/admin', useBase('/admin', admin.handler))
    expectAppWideDecided(
      await exchange(serveV1(app), [...requests('/admin/users'), ...requests('/admin/users')]),
    )
    await settled()
    expect(warnings.map((w) => (w as { code?: string }).code)).toEqual(['CROSSWAY_STACKED'])
  })

  it('the more specific prefix registered first decides its paths; the wider one the rest', async () => {
    const app = createApp()
    app.use('/api/public', asV1(cors({ origin: '*' })))
    app.use('/api', asV1(cors({ origin: [APP], credentials: true })))
    app.use(
      '/api/public/hello',
      defineEventHandler(() => 'public'),
    )
    app.use(
      '/api/hello',
      defineEventHandler(() => 'private'),
    )
    const [publicPre, publicGet, apiPre, apiGet] = await exchange(serveV1(app), [
      ['OPTIONS', '/api/public/hello', { origin: ADMIN, 'access-control-request-method': 'PUT' }],
      ['GET', '/api/public/hello', { origin: ADMIN }],
      ['OPTIONS', '/api/hello', { origin: ADMIN, 'access-control-request-method': 'PUT' }],
      ['GET', '/api/hello', { origin: APP }],
    ])
    expect(publicPre!.status).toBe(204)
    expect(publicPre!.headers['access-control-allow-origin']).toBe('*')
    expect(publicGet!.headers['access-control-allow-origin']).toBe('*')
    expect(apiPre!.status).toBe(403)
    expect(apiGet!.headers['access-control-allow-origin']).toBe(APP)
  })
})
