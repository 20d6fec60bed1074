// Two cors() on one path (semantics.md §7a): the first Crossway middleware a request meets
// decides it — the preflight and the actual request it announces alike — and a later one
// steps aside. The mark lives on the request's Context, never on anything that outlives it.
import { Hono } from 'hono'
import { except } from 'hono/combine'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cors } from '../src/index'
import { APP, preflight, serve, varyTokens } from './http'

const ADMIN = 'https://admin.example.com'
// Told apart by what they answer: each allows another origin and says another max-age.
const appWide = { origin: [APP], maxAge: 60, exposedHeaders: ['x-app-wide'] }
const apiOnly = { origin: [ADMIN], maxAge: 600, credentials: true }

afterEach(() => vi.restoreAllMocks())

function stackedApp(): Hono {
  const app = new Hono()
  app.use(cors(appWide))
  app.use('/api/*', cors(apiOnly))
  app.get('/api/items', (c) => c.text('items'))
  return app
}

describe('two cors() on one path', () => {
  it('the first one decides the preflight and the actual request; the later one adds nothing', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const send = await serve(stackedApp())

    const allowedPreflight = await send('OPTIONS', '/api/items', preflight(APP))
    expect(allowedPreflight.status).toBe(204)
    expect(allowedPreflight.headers['access-control-max-age']).toBe('60')
    expect(allowedPreflight.headers['access-control-allow-credentials']).toBeUndefined()
    const allowedActual = await send('GET', '/api/items', { origin: APP })
    expect(allowedActual.headers['access-control-allow-origin']).toBe(APP)
    expect(allowedActual.headers['access-control-expose-headers']).toBe('x-app-wide')
    expect(allowedActual.headers['access-control-allow-credentials']).toBeUndefined()
    expect(varyTokens(allowedActual.headers.vary)).toEqual(['origin'])

    // The later policy's origin is refused by the first one, both ways, and gets nothing.
    const refusedPreflight = await send('OPTIONS', '/api/items', preflight(ADMIN))
    expect(refusedPreflight.status).toBe(403)
    const refusedActual = await send('GET', '/api/items', { origin: ADMIN })
    expect(refusedActual.headers['access-control-allow-origin']).toBeUndefined()
    expect(refusedActual.headers['access-control-allow-credentials']).toBeUndefined()
  })

  it('warns once per stacked middleware, through process.emitWarning', async () => {
    const warned = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const send = await serve(stackedApp())
    await send('GET', '/api/items', { origin: APP })
    await send('OPTIONS', '/api/items', preflight(APP))
    await send('GET', '/api/items', { origin: APP })
    expect(warned).toHaveBeenCalledTimes(1)
    expect(warned.mock.calls[0]![0]).toMatch(/two @crossway\/hono middlewares/)
    expect(warned.mock.calls[0]![1]).toEqual({ code: 'CROSSWAY_STACKED' })
  })

  it('the same rule through a sub-app mounted with app.route()', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const api = new Hono()
    api.use(cors(apiOnly))
    api.get('/items', (c) => c.text('items'))
    const app = new Hono()
    app.use(cors(appWide))
    app.route('/api', api)
    const send = await serve(app)

    expect((await send('OPTIONS', '/api/items', preflight(APP))).headers['access-control-max-age']).toBe('60')
    expect((await send('OPTIONS', '/api/items', preflight(ADMIN))).status).toBe(403)
    expect((await send('GET', '/api/items', { origin: ADMIN })).headers['access-control-allow-origin']).toBe(
      undefined,
    )
  })

  it('with hono/combine’s except (the README’s way), each path has one policy and nothing is stacked', async () => {
    const warned = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const app = new Hono()
    app.use('/api/*', except('/api/public/*', cors(apiOnly)))
    app.use('/api/public/*', cors({ origin: '*' }))
    app.get('/api/public/hello', (c) => c.text('hello, anyone'))
    app.get('/api/items', (c) => c.text('items'))
    const send = await serve(app)
    await expectOnePolicyPerPath(send)
    expect(warned).not.toHaveBeenCalled()
  })

  it('mounted most specific first without except: the same answers, and the stacked warning once', async () => {
    const warned = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const app = new Hono()
    app.use('/api/public/*', cors({ origin: '*' }))
    app.use('/api/*', cors(apiOnly))
    app.get('/api/public/hello', (c) => c.text('hello, anyone'))
    app.get('/api/items', (c) => c.text('items'))
    const send = await serve(app)
    await expectOnePolicyPerPath(send)
    // /api/public/* requests pass the /api/* mount too, which steps aside.
    expect(warned).toHaveBeenCalledTimes(1)
  })

  it('marks the request’s Context, not its Request: one Request object fetched again is decided again', async () => {
    const app = new Hono()
    app.use(cors(appWide))
    app.get('/items', (c) => c.text('items'))
    const request = new Request('http://api.test/items', { headers: { origin: APP } })
    // Sequentially and concurrently: each dispatch is a request of its own.
    for (let i = 0; i < 3; i++) {
      expect((await app.fetch(request)).headers.get('access-control-allow-origin')).toBe(APP)
    }
    const together = await Promise.all([app.fetch(request), app.fetch(request)])
    for (const response of together) expect(response.headers.get('access-control-allow-origin')).toBe(APP)
  })
})

type Send = Awaited<ReturnType<typeof serve>>

/** /api/public/* answers anyone with `*`; the rest of /api/* only ADMIN, with credentials. */
async function expectOnePolicyPerPath(send: Send): Promise<void> {
  const anyone = 'https://anyone.example'
  const open = await send('GET', '/api/public/hello', { origin: anyone })
  expect(open.body).toBe('hello, anyone')
  expect(open.headers['access-control-allow-origin']).toBe('*')
  expect(open.headers['access-control-allow-credentials']).toBeUndefined()
  const openPreflight = await send('OPTIONS', '/api/public/hello', preflight(anyone))
  expect(openPreflight.status).toBe(204)
  expect(openPreflight.headers['access-control-allow-origin']).toBe('*')
  expect(openPreflight.headers['access-control-max-age']).toBeUndefined()

  const closed = await send('GET', '/api/items', { origin: ADMIN })
  expect(closed.headers['access-control-allow-origin']).toBe(ADMIN)
  expect(closed.headers['access-control-allow-credentials']).toBe('true')
  const closedPreflight = await send('OPTIONS', '/api/items', preflight(ADMIN))
  expect(closedPreflight.status).toBe(204)
  expect(closedPreflight.headers['access-control-max-age']).toBe('600')
  expect((await send('GET', '/api/items', { origin: anyone })).headers['access-control-allow-origin']).toBe(
    undefined,
  )
  expect((await send('OPTIONS', '/api/items', preflight(anyone))).status).toBe(403)
}
