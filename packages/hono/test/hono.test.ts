// Hono specifics, over real HTTP (@hono/node-server): where the middleware sits in Hono's
// pipeline, what reaches it after `next()` (onError, notFound, HTTPException, redirects, a
// proxied `fetch()` response, streams), what `c.res` assignment does to its headers, and what
// an origin function receives.
import http from 'node:http'
import { listen } from '@crossway/conformance'
import { createLiveCors, isCorsConfigError } from '@crossway/core'
import { Hono } from 'hono'
import { etag } from 'hono/etag'
import { requestId } from 'hono/request-id'
import { streamText } from 'hono/streaming'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cors } from '../src/index'
import { versions } from './harness'
import { APP, EVIL, preflight, serve, varyTokens } from './http'

const policy = { origin: [APP], credentials: true, exposedHeaders: ['x-total'] }

// Hono's default onError logs the errors these tests throw on purpose.
const quiet = () => vi.spyOn(console, 'error').mockImplementation(() => {})
afterEach(() => vi.restoreAllMocks())

describe('preflights', () => {
  it('are answered on every path the middleware covers, with no OPTIONS route, and nowhere else', async () => {
    const app = new Hono()
    app.use('/api/*', cors(policy))
    app.get('/api/items', (c) => c.text('items'))
    app.get('/elsewhere', (c) => c.text('elsewhere'))
    const send = await serve(app)

    for (const path of ['/api/items', '/api/no/route/here']) {
      const r = await send('OPTIONS', path, preflight(APP, 'DELETE', 'content-type'))
      expect(r.status, path).toBe(204)
      expect(r.headers['access-control-allow-origin']).toBe(APP)
      expect(r.headers['access-control-allow-methods']).toContain('DELETE')
      expect(r.body).toBe('')
    }
    // Outside the mount, Hono's own 404, untouched.
    const outside = await send('OPTIONS', '/elsewhere', preflight(APP))
    expect(outside.status).toBe(404)
    expect(outside.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('run before the routes: a refused one never reaches an OPTIONS route or auth', async () => {
    const reached = vi.fn()
    const app = new Hono()
    app.use(cors(policy))
    app.use('/admin/*', async (c, next) => {
      reached()
      return c.req.header('authorization') ? next() : c.text('login first', 401)
    })
    app.options('/admin/items', (c) => {
      reached()
      return c.text('options route')
    })
    const send = await serve(app)

    const refused = await send('OPTIONS', '/admin/items', preflight(EVIL))
    expect(refused.status).toBe(403)
    expect(refused.body).toBe('')
    const allowed = await send('OPTIONS', '/admin/items', preflight(APP))
    expect(allowed.status).toBe(204)
    expect(reached).not.toHaveBeenCalled()
  })

  it('keep what an earlier middleware set with c.header() (a request id), and merge its Vary', async () => {
    const app = new Hono()
    app.use(requestId())
    app.use(async (c, next) => {
      c.header('Vary', 'Accept-Language')
      await next()
    })
    app.use(cors(policy))
    app.get('/items', (c) => c.text('items'))
    const send = await serve(app)

    const answer = await send('OPTIONS', '/items', preflight(APP))
    expect(answer.status).toBe(204)
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(varyTokens(answer.headers.vary)).toEqual([
      'accept-language',
      'access-control-request-headers',
      'access-control-request-method',
      'origin',
    ])
    const actual = await send('GET', '/items', { origin: APP })
    expect(actual.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(actual.headers['access-control-allow-origin']).toBe(APP)
  })

  it('with preflightContinue go on to the OPTIONS route, which answers with the CORS headers', async () => {
    const app = new Hono()
    app.use(cors({ ...policy, preflightContinue: true }))
    app.options('/items', (c) => c.text('my options', 200))
    const send = await serve(app)

    const r = await send('OPTIONS', '/items', preflight(APP))
    expect(r).toMatchObject({ status: 200, body: 'my options' })
    expect(r.headers['access-control-allow-origin']).toBe(APP)
  })
})

describe.each(versions)(
  'errors and not-found pages keep the CORS headers ($name)',
  ({ Hono, HTTPException }) => {
    const expectCors = (r: { headers: Record<string, string> }) => {
      expect(r.headers['access-control-allow-origin']).toBe(APP)
      expect(r.headers['access-control-allow-credentials']).toBe('true')
      expect(varyTokens(r.headers.vary)).toContain('origin')
    }

    it('Hono’s default onError (a thrown Error, an async rejection) and notFound', async () => {
      quiet()
      const app = new Hono()
      app.use(cors(policy))
      app.get('/throws', () => {
        throw new Error('boom')
      })
      app.get('/rejects', async () => {
        await Promise.resolve()
        throw new Error('late boom')
      })
      const send = await serve(app)

      for (const path of ['/throws', '/rejects']) {
        const r = await send('GET', path, { origin: APP })
        expect(r).toMatchObject({ status: 500, body: 'Internal Server Error' })
        expectCors(r)
      }
      const missing = await send('GET', '/missing', { origin: APP })
      expect(missing).toMatchObject({ status: 404, body: '404 Not Found' })
      expectCors(missing)
      // A refused origin gets the same pages, with Vary and without grants.
      const refused = await send('GET', '/throws', { origin: EVIL })
      expect(refused.status).toBe(500)
      expect(refused.headers['access-control-allow-origin']).toBeUndefined()
      expect(refused.headers['access-control-allow-credentials']).toBeUndefined()
      expect(varyTokens(refused.headers.vary)).toEqual(['origin'])
    })

    it('a custom onError and notFound, and HTTPException with and without its own response', async () => {
      const app = new Hono()
      app.use(cors(policy))
      app.get('/throws', () => {
        throw new Error('boom')
      })
      app.get('/unauthorized', () => {
        throw new HTTPException(401, { message: 'who are you' })
      })
      app.get('/teapot', () => {
        const res = new Response('short and stout', {
          status: 418,
          headers: { 'www-authenticate': 'Basic', vary: 'Accept-Language' },
        })
        throw new HTTPException(418, { res })
      })
      app.onError((err, c) =>
        err instanceof HTTPException ? err.getResponse() : c.json({ error: err.message }, 503),
      )
      app.notFound((c) => c.json({ error: 'no such route' }, 404))
      const send = await serve(app)

      const thrown = await send('GET', '/throws', { origin: APP })
      expect(thrown).toMatchObject({ status: 503, body: '{"error":"boom"}' })
      expectCors(thrown)
      const unauthorized = await send('GET', '/unauthorized', { origin: APP })
      expect(unauthorized).toMatchObject({ status: 401, body: 'who are you' })
      expectCors(unauthorized)
      const teapot = await send('GET', '/teapot', { origin: APP })
      expect(teapot).toMatchObject({ status: 418, body: 'short and stout' })
      expect(teapot.headers['www-authenticate']).toBe('Basic')
      expect(varyTokens(teapot.headers.vary)).toEqual(['accept-language', 'origin'])
      expectCors(teapot)
      const missing = await send('GET', '/missing', { origin: APP })
      expect(missing).toMatchObject({ status: 404, body: '{"error":"no such route"}' })
      expectCors(missing)
    })

    it('HTTPException under the default onError, and a sub-app with its own onError (app.route)', async () => {
      const api = new Hono()
      api.get('/fail', () => {
        throw new Error('sub boom')
      })
      api.onError((err, c) => c.text(`api says: ${err.message}`, 502))
      const app = new Hono()
      app.use(cors(policy))
      app.get('/forbidden', () => {
        throw new HTTPException(403, { message: 'no' })
      })
      app.route('/api', api)
      const send = await serve(app)

      const forbidden = await send('GET', '/forbidden', { origin: APP })
      expect(forbidden).toMatchObject({ status: 403, body: 'no' })
      expectCors(forbidden)
      const sub = await send('GET', '/api/fail', { origin: APP })
      expect(sub).toMatchObject({ status: 502, body: 'api says: sub boom' })
      expectCors(sub)
    })
  },
)

describe.each(versions)('the response after next() ($name)', ({ Hono }) => {
  it('a proxied fetch() response (immutable headers) is copied, its Vary merged, not overwritten', async () => {
    const upstream = await listen(
      http.createServer((_req, res) => {
        res.writeHead(201, { vary: 'Accept-Encoding', 'x-upstream': 'yes', 'content-type': 'text/plain' })
        res.end('from upstream')
      }),
    )
    try {
      const app = new Hono()
      app.use(cors(policy))
      app.get('/proxy', () => fetch(`${upstream.url}/`))
      const send = await serve(app)

      const r = await send('GET', '/proxy', { origin: APP })
      expect(r).toMatchObject({ status: 201, body: 'from upstream' })
      expect(r.headers['x-upstream']).toBe('yes')
      expect(r.headers['access-control-allow-origin']).toBe(APP)
      expect(r.headers['access-control-expose-headers']).toBe('x-total')
      expect(varyTokens(r.headers.vary)).toEqual(['accept-encoding', 'origin'])
    } finally {
      await upstream.close()
    }
  })

  it('c.redirect() and Response.redirect() (immutable headers) both carry the headers', async () => {
    const app = new Hono()
    app.use(cors(policy))
    app.get('/old', (c) => c.redirect('/new', 301))
    app.get('/moved', () => Response.redirect('https://elsewhere.example/', 307))
    const send = await serve(app)

    const redirect = await send('GET', '/old', { origin: APP })
    expect(redirect.status).toBe(301)
    expect(redirect.headers.location).toBe('/new')
    expect(redirect.headers['access-control-allow-origin']).toBe(APP)
    const immutable = await send('GET', '/moved', { origin: APP })
    expect(immutable.status).toBe(307)
    expect(immutable.headers.location).toBe('https://elsewhere.example/')
    expect(immutable.headers['access-control-allow-origin']).toBe(APP)
    expect(varyTokens(immutable.headers.vary)).toEqual(['origin'])
  })

  it('keeps the merged Vary when an earlier middleware already made c.res (Hono copies its headers on assignment)', async () => {
    const app = new Hono()
    // Reading c.res before next() makes Hono's response early; assigning c.res later copies
    // that response's headers over the new one.
    app.use(async (c, next) => {
      c.res.headers.set('x-early', '1')
      c.res.headers.set('vary', 'Accept-Language')
      await next()
    })
    app.use(cors(policy))
    app.get('/raw', () => new Response('raw', { headers: { vary: 'Accept-Encoding' } }))
    app.get('/proxied', () => Response.redirect('https://elsewhere.example/', 302))
    const send = await serve(app)

    const raw = await send('GET', '/raw', { origin: APP })
    expect(raw.headers['x-early']).toBe('1')
    expect(raw.headers['access-control-allow-origin']).toBe(APP)
    expect(varyTokens(raw.headers.vary)).toContain('origin')
    const proxied = await send('GET', '/proxied', { origin: APP })
    expect(proxied.headers['x-early']).toBe('1')
    expect(proxied.headers['access-control-allow-origin']).toBe(APP)
    expect(varyTokens(proxied.headers.vary)).toContain('origin')
    // The preflight answer is built from that early response too, and keeps every token.
    const answer = await send('OPTIONS', '/raw', preflight(APP))
    expect(answer.status).toBe(204)
    expect(answer.headers['x-early']).toBe('1')
    expect(varyTokens(answer.headers.vary)).toEqual([
      'accept-language',
      'access-control-request-headers',
      'access-control-request-method',
      'origin',
    ])
  })

  it('c.header() and a raw Response’s Vary are merged with Origin', async () => {
    const app = new Hono()
    app.use(cors(policy))
    app.get('/json', (c) => {
      c.header('Vary', 'Accept')
      return c.json({ ok: true })
    })
    app.get('/raw', () => new Response('raw', { headers: { Vary: 'Accept-Encoding, Accept' } }))
    app.get('/star', () => new Response('star', { headers: { Vary: '*' } }))
    const send = await serve(app)

    expect(varyTokens((await send('GET', '/json', { origin: APP })).headers.vary)).toEqual([
      'accept',
      'origin',
    ])
    expect(varyTokens((await send('GET', '/raw', { origin: APP })).headers.vary)).toEqual([
      'accept',
      'accept-encoding',
      'origin',
    ])
    // `Vary: *` already varies on everything (semantics.md §6).
    expect((await send('GET', '/star', { origin: APP })).headers.vary).toBe('*')
  })

  it('a later middleware that replaces c.res (etag’s 304), a stream, and HEAD', async () => {
    const app = new Hono()
    app.use(cors(policy))
    app.use('/tagged', etag())
    app.get('/tagged', (c) => c.text('same every time'))
    app.get('/stream', (c) =>
      streamText(c, async (stream) => {
        await stream.write('one,')
        await stream.write('two')
      }),
    )
    const send = await serve(app)

    const first = await send('GET', '/tagged', { origin: APP })
    expect(first.headers.etag).toBeDefined()
    const notModified = await send('GET', '/tagged', { origin: APP, 'if-none-match': first.headers.etag! })
    expect(notModified.status).toBe(304)
    expect(notModified.headers['access-control-allow-origin']).toBe(APP)
    const streamed = await send('GET', '/stream', { origin: APP })
    expect(streamed.body).toBe('one,two')
    expect(streamed.headers['access-control-allow-origin']).toBe(APP)
    const head = await send('HEAD', '/tagged', { origin: APP })
    expect(head).toMatchObject({ status: 200, body: '' })
    expect(head.headers['access-control-allow-origin']).toBe(APP)
  })
})

describe('origin functions', () => {
  it('receive the origin and Hono’s Context: path, variables, headers', async () => {
    const seen: string[] = []
    const app = new Hono<{ Variables: { tenant: string } }>()
    app.use(async (c, next) => {
      c.set('tenant', c.req.header('x-tenant') ?? 'none')
      await next()
    })
    app.use(
      cors({
        origin: (origin, c) => {
          seen.push(`${c.req.method} ${c.req.path} ${c.get('tenant')}`)
          return c.get('tenant') === 'acme' && origin === APP
        },
      }),
    )
    app.get('/items', (c) => c.text('items'))
    const send = await serve(app)

    expect((await send('GET', '/items', { origin: APP, 'x-tenant': 'acme' })).headers).toMatchObject({
      'access-control-allow-origin': APP,
    })
    expect(
      (await send('GET', '/items', { origin: APP, 'x-tenant': 'other' })).headers[
        'access-control-allow-origin'
      ],
    ).toBeUndefined()
    expect((await send('OPTIONS', '/items', { ...preflight(APP), 'x-tenant': 'acme' })).status).toBe(204)
    expect(seen).toEqual(['GET /items acme', 'GET /items other', 'OPTIONS /items acme'])
  })

  it('may be async; when one throws, the error reaches onError and nothing is granted', async () => {
    const app = new Hono()
    app.use(
      cors({
        origin: async (origin, c) => {
          if (c.req.header('x-fail')) throw new Error('directory down')
          return origin === APP
        },
      }),
    )
    app.get('/items', (c) => c.text('items'))
    app.onError((err, c) => c.text(`handled: ${err.message}`, 500))
    const send = await serve(app)

    expect((await send('GET', '/items', { origin: APP })).headers['access-control-allow-origin']).toBe(APP)
    expect((await send('OPTIONS', '/items', preflight(APP))).status).toBe(204)
    const failed = await send('GET', '/items', { origin: APP, 'x-fail': '1' })
    expect(failed).toMatchObject({ status: 500, body: 'handled: directory down' })
    expect(failed.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('configuration', () => {
  it('a bad policy throws CorsConfigError when cors() is called, naming the option to write', () => {
    // hono/cors spellings: the message names ours.
    let error: unknown
    try {
      cors({ origin: [APP], allowHeaders: ['content-type'] } as never)
    } catch (e) {
      error = e
    }
    expect(isCorsConfigError(error)).toBe(true)
    expect((error as { code: string }).code).toBe('unknown-option')
    expect((error as Error).message).toContain('allowedHeaders')
    expect(() => cors({ origin: true } as never)).toThrow(/origin/)
  })

  it('takes a live policy as is: reconfiguring it changes the running middleware', async () => {
    const live = createLiveCors({ origin: [APP] })
    const app = new Hono()
    app.use(cors(live))
    app.get('/items', (c) => c.text('items'))
    const send = await serve(app)

    expect(
      (await send('GET', '/items', { origin: EVIL })).headers['access-control-allow-origin'],
    ).toBeUndefined()
    live.reconfigure({ origin: [APP, EVIL] })
    expect((await send('GET', '/items', { origin: EVIL })).headers['access-control-allow-origin']).toBe(EVIL)
  })
})

describe('csrf', () => {
  it('refuses a forged cross-site POST before the route runs; lets allowed and same-origin ones through', async () => {
    const handled = vi.fn()
    const app = new Hono()
    app.use(cors({ ...policy, csrf: true }))
    app.post('/items', (c) => {
      handled()
      return c.text('created', 201)
    })
    const send = await serve(app)

    const forged = await send('POST', '/items', { origin: EVIL, 'sec-fetch-site': 'cross-site' })
    expect(forged).toMatchObject({ status: 403, body: '' })
    expect(forged.headers['access-control-allow-origin']).toBeUndefined()
    expect(handled).not.toHaveBeenCalled()

    const allowed = await send('POST', '/items', { origin: APP, 'sec-fetch-site': 'cross-site' })
    expect(allowed.status).toBe(201)
    expect(allowed.headers['access-control-allow-origin']).toBe(APP)
    const sameOrigin = await send('POST', '/items', { 'sec-fetch-site': 'same-origin' })
    expect(sameOrigin.status).toBe(201)
    expect(handled).toHaveBeenCalledTimes(2)
  })
})
