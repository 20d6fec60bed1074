import Router from '@koa/router'
import type Koa from 'koa'
import { afterEach, describe, expect, it, vi } from 'vitest'
import defaultExport, {
  CorsConfigError,
  type CorsOriginFunction,
  cors,
  isCorsConfigError,
} from '../src/index'
import { koaMajors, listen, send, varyTokens } from './helpers'

const APP = 'https://app.example.com'
const EVIL = 'https://evil.example.net'
const preflight = (origin: string, method = 'PUT', extra: Record<string, string> = {}) => ({
  origin,
  'access-control-request-method': method,
  ...extra,
})

let closers: (() => Promise<void>)[] = []
afterEach(async () => {
  const pending = closers
  closers = []
  await Promise.all(pending.map((close) => close()))
})

describe('exports', () => {
  it('exports cors as named and default, and the core error helpers', () => {
    expect(defaultExport).toBe(cors)
    let caught: unknown
    try {
      cors({ origin: true as any })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(CorsConfigError)
    expect(isCorsConfigError(caught)).toBe(true)
    expect((caught as CorsConfigError).code).toBe('invalid-option-type')
  })
})

describe.each(koaMajors)('$name', ({ Koa: KoaClass }) => {
  async function start(build: (app: Koa) => void) {
    const app = new KoaClass()
    const errors: unknown[] = []
    app.on('error', (err: unknown) => errors.push(err))
    build(app)
    const server = await listen(app)
    closers.push(server.close)
    return { url: server.url, errors }
  }

  describe('app.use(cors())', () => {
    it('adds the headers to an allowed actual request and calls the app once', async () => {
      const handler = vi.fn((ctx: any) => {
        ctx.body = 'hi'
      })
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP], credentials: true, exposedHeaders: ['x-total'] }))
        app.use(handler)
      })
      const res = await send(url, 'GET', '/', { origin: APP })
      expect(res.status).toBe(200)
      expect(res.body).toBe('hi')
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(res.headers['access-control-allow-credentials']).toBe('true')
      expect(res.headers['access-control-expose-headers']).toBe('x-total')
      expect(varyTokens(res.headers.vary)).toEqual(['origin'])
      expect(handler).toHaveBeenCalledTimes(1)
    })

    it('answers an allowed preflight itself: 204, empty body, no content-type', async () => {
      const handler = vi.fn()
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP], maxAge: 600 }))
        app.use(handler)
      })
      const res = await send(
        url,
        'OPTIONS',
        '/anything',
        preflight(APP, 'PUT', { 'access-control-request-headers': 'x-a' }),
      )
      expect(res.status).toBe(204)
      expect(res.body).toBe('')
      expect(res.headers['content-type']).toBeUndefined()
      expect(res.headers['transfer-encoding']).toBeUndefined()
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(res.headers['access-control-allow-methods']).toBe('GET,HEAD,PUT,PATCH,POST,DELETE')
      expect(res.headers['access-control-allow-headers']).toBe('*')
      expect(res.headers['access-control-max-age']).toBe('600')
      expect(varyTokens(res.headers.vary)).toEqual([
        'access-control-request-headers',
        'access-control-request-method',
        'origin',
      ])
      expect(handler).not.toHaveBeenCalled()
    })

    it('keeps a 200 success status with Content-Length: 0 (Koa would write "OK" or switch to 204)', async () => {
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP], optionsSuccessStatus: 200 }))
      })
      const res = await send(url, 'OPTIONS', '/', preflight(APP))
      expect(res.status).toBe(200)
      expect(res.body).toBe('')
      expect(res.headers['content-length']).toBe('0')
      expect(res.headers['content-type']).toBeUndefined()
      expect(res.headers['access-control-allow-origin']).toBe(APP)
    })

    it('refuses a preflight from another origin with a bare 403 and never calls the app', async () => {
      const handler = vi.fn()
      const onReject = vi.fn()
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP], onReject }))
        app.use(handler)
      })
      const res = await send(url, 'OPTIONS', '/', preflight(EVIL))
      expect(res.status).toBe(403)
      expect(res.body).toBe('')
      expect(res.headers['content-length']).toBe('0')
      expect(res.headers['access-control-allow-origin']).toBeUndefined()
      expect(res.headers['access-control-allow-methods']).toBeUndefined()
      expect(handler).not.toHaveBeenCalled()
      expect(onReject).toHaveBeenCalledTimes(1)
      expect(onReject.mock.calls[0]![0]).toMatchObject({ kind: 'preflight', reason: 'origin', origin: EVIL })
    })

    it('passes an allowed preflight on with preflightContinue', async () => {
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP], preflightContinue: true }))
        app.use((ctx) => {
          ctx.status = 200
          ctx.body = 'app answered'
        })
      })
      const res = await send(url, 'OPTIONS', '/', preflight(APP))
      expect(res.status).toBe(200)
      expect(res.body).toBe('app answered')
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(res.headers['access-control-allow-methods']).toBe('GET,HEAD,PUT,PATCH,POST,DELETE')
    })

    it("keeps CORS headers on Koa's own 404", async () => {
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP] }))
      })
      const ok = await send(url, 'GET', '/missing', { origin: APP })
      expect(ok.status).toBe(404)
      expect(ok.body).toBe('Not Found')
      expect(ok.headers['access-control-allow-origin']).toBe(APP)
      expect(varyTokens(ok.headers.vary)).toEqual(['origin'])
      const refused = await send(url, 'GET', '/missing', { origin: EVIL })
      expect(refused.status).toBe(404)
      expect(refused.headers['access-control-allow-origin']).toBeUndefined()
      expect(varyTokens(refused.headers.vary)).toEqual(['origin'])
    })
  })

  describe('errors thrown downstream', () => {
    it('keeps the headers on ctx.throw(401)', async () => {
      const { url, errors } = await start((app) => {
        app.use(cors({ origin: [APP], credentials: true }))
        app.use((ctx) => {
          ctx.set('x-before-throw', 'gone')
          ctx.throw(401)
        })
      })
      const res = await send(url, 'GET', '/', { origin: APP })
      expect(res.status).toBe(401)
      expect(res.body).toBe('Unauthorized')
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(res.headers['access-control-allow-credentials']).toBe('true')
      expect(varyTokens(res.headers.vary)).toEqual(['origin'])
      // Koa still strips what the app set before throwing: only err.headers survive.
      expect(res.headers['x-before-throw']).toBeUndefined()
      expect(errors).toHaveLength(1)
    })

    it("merges with the error's own headers and Vary, and lets the error's names win", async () => {
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP] }))
        app.use((ctx) => {
          ctx.throw(401, 'login first', {
            headers: {
              'WWW-Authenticate': 'Basic',
              Vary: 'Accept',
              'Access-Control-Allow-Origin': 'https://x.test',
            },
          })
        })
      })
      const res = await send(url, 'GET', '/', { origin: APP })
      expect(res.status).toBe(401)
      expect(res.body).toBe('login first')
      expect(res.headers['www-authenticate']).toBe('Basic')
      expect(res.headers['access-control-allow-origin']).toBe('https://x.test')
      expect(varyTokens(res.headers.vary)).toEqual(['accept', 'origin'])
    })

    it('keeps the headers on a thrown Error (500) and hands it to Koa', async () => {
      const boom = new Error('boom')
      const { url, errors } = await start((app) => {
        app.use(cors({ origin: [APP] }))
        app.use(() => {
          throw boom
        })
      })
      const res = await send(url, 'GET', '/', { origin: APP })
      expect(res.status).toBe(500)
      expect(res.body).toBe('Internal Server Error')
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(varyTokens(res.headers.vary)).toEqual(['origin'])
      expect(errors).toEqual([boom])
    })

    it("does not carry one request's headers into the next when an error object is reused", async () => {
      const OTHER = 'https://other.example.com'
      const shared = Object.assign(new Error('forbidden'), { status: 403, expose: true })
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP, OTHER] }))
        app.use(() => {
          throw shared
        })
      })
      const first = await send(url, 'GET', '/', { origin: APP })
      expect(first.status).toBe(403)
      expect(first.headers['access-control-allow-origin']).toBe(APP)
      const second = await send(url, 'GET', '/', { origin: OTHER })
      expect(second.headers['access-control-allow-origin']).toBe(OTHER)
      const refused = await send(url, 'GET', '/', { origin: EVIL })
      expect(refused.status).toBe(403)
      expect(refused.headers['access-control-allow-origin']).toBeUndefined()
      expect(varyTokens(refused.headers.vary)).toEqual(['origin'])
    })

    it('lends the headers to a shared error only while Koa writes its page (§7a)', async () => {
      // A module-level error thrown by a route with CORS, then by one without: the second
      // answer must carry nothing of the first request's grant.
      const shared = Object.assign(new Error('gone'), { status: 410, expose: true })
      const { url } = await start((app) => {
        const router = new Router()
        router.get('/with-cors', cors({ origin: [APP], credentials: true }), () => {
          throw shared
        })
        router.get('/without', () => {
          throw shared
        })
        app.use(router.routes())
      })
      const first = await send(url, 'GET', '/with-cors', { origin: APP })
      expect(first.status).toBe(410)
      expect(first.headers['access-control-allow-origin']).toBe(APP)
      expect(first.headers['access-control-allow-credentials']).toBe('true')
      expect(varyTokens(first.headers.vary)).toEqual(['origin'])
      expect(Object.hasOwn(shared, 'headers')).toBe(false)
      const second = await send(url, 'GET', '/without', { origin: APP })
      expect(second.status).toBe(410)
      expect(second.headers['access-control-allow-origin']).toBeUndefined()
      expect(second.headers['access-control-allow-credentials']).toBeUndefined()
    })

    it('gives the error back its own headers after the page is written, and one rejected promise serves two origins', async () => {
      const OTHER = 'https://other.example.com'
      const own = { 'x-reason': 'quota' }
      const failure = Object.assign(new Error('quota'), { status: 429, expose: true, headers: own })
      const rejected = Promise.reject(failure)
      rejected.catch(() => {})
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP, OTHER] }))
        app.use(async () => {
          await new Promise((resolve) => setTimeout(resolve, 20))
          await rejected
        })
      })
      const [a, b] = await Promise.all([
        send(url, 'GET', '/', { origin: APP }),
        send(url, 'GET', '/', { origin: OTHER }),
      ])
      expect([a.status, b.status]).toEqual([429, 429])
      expect(a.headers['access-control-allow-origin']).toBe(APP)
      expect(b.headers['access-control-allow-origin']).toBe(OTHER)
      expect(a.headers['x-reason']).toBe('quota')
      expect(failure.headers).toBe(own)
      expect(own).toEqual({ 'x-reason': 'quota' })
    })
    it('still calls an onerror an earlier middleware set on this ctx, with the headers lent', async () => {
      const seen: unknown[] = []
      const { url } = await start((app) => {
        app.use((ctx, next) => {
          const original = ctx.onerror
          ctx.onerror = function (this: unknown, err: unknown) {
            // Koa also calls onerror(null) when the response finishes without an error.
            if (err != null)
              seen.push(
                (err as { headers?: Record<string, unknown> }).headers?.['access-control-allow-origin'],
              )
            return original.call(this, err as Error)
          }
          return next()
        })
        app.use(cors({ origin: [APP] }))
        app.use((ctx) => ctx.throw(409))
      })
      const res = await send(url, 'GET', '/', { origin: APP })
      expect(res.status).toBe(409)
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(seen).toEqual([APP])
    })

    it('adds nothing granting to an error for a refused origin', async () => {
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP] }))
        app.use(() => {
          throw new Error('boom')
        })
      })
      const res = await send(url, 'GET', '/', { origin: EVIL })
      expect(res.status).toBe(500)
      expect(res.headers['access-control-allow-origin']).toBeUndefined()
      expect(varyTokens(res.headers.vary)).toEqual(['origin'])
    })
  })

  describe("the app's own Vary", () => {
    it.each([
      ['ctx.set replaces Vary after cors ran', (ctx: any) => ctx.set('Vary', 'Accept-Encoding')],
      ['ctx.vary appends', (ctx: any) => ctx.vary('Accept-Encoding')],
      ['ctx.append adds a second line', (ctx: any) => ctx.append('Vary', 'Accept-Encoding')],
    ])('%s: the response carries both', async (_name, setVary) => {
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP] }))
        app.use((ctx) => {
          setVary(ctx)
          ctx.body = 'ok'
        })
      })
      const res = await send(url, 'GET', '/', { origin: APP })
      expect(res.status).toBe(200)
      expect(varyTokens(res.headers.vary)).toEqual(['accept-encoding', 'origin'])
    })

    it('leaves Vary: * alone', async () => {
      const { url } = await start((app) => {
        app.use(cors({ origin: [APP] }))
        app.use((ctx) => {
          ctx.set('Vary', '*')
          ctx.body = 'ok'
        })
      })
      const res = await send(url, 'GET', '/', { origin: APP })
      expect(res.headers.vary).toBe('*')
      expect(res.headers['access-control-allow-origin']).toBe(APP)
    })
  })

  describe('origin functions', () => {
    it('receives the Koa ctx and may answer asynchronously', async () => {
      const seen: string[] = []
      const { url } = await start((app) => {
        app.use(
          cors({
            origin: async (origin, ctx) => {
              seen.push(`${ctx.method} ${ctx.path}`)
              return origin === APP
            },
          }),
        )
        app.use((ctx) => {
          ctx.body = 'ok'
        })
      })
      const ok = await send(url, 'GET', '/a', { origin: APP })
      expect(ok.headers['access-control-allow-origin']).toBe(APP)
      const pre = await send(url, 'OPTIONS', '/b', preflight(APP))
      expect(pre.status).toBe(204)
      expect(pre.headers['access-control-allow-origin']).toBe(APP)
      const no = await send(url, 'GET', '/c', { origin: EVIL })
      expect(no.headers['access-control-allow-origin']).toBeUndefined()
      expect(seen).toEqual(['GET /a', 'OPTIONS /b', 'GET /c'])
    })

    it.each<[string, CorsOriginFunction]>([
      [
        'throws',
        () => {
          throw new Error('lookup failed')
        },
      ],
      ['rejects', () => Promise.reject(new Error('lookup failed'))],
    ])('%s: Koa answers 500, the app is not called, nothing is granted', async (_name, origin) => {
      const handler = vi.fn()
      const onReject = vi.fn()
      const { url, errors } = await start((app) => {
        app.use(cors({ origin, onReject }))
        app.use(handler)
      })
      for (const [method, headers] of [
        ['GET', { origin: APP }],
        ['OPTIONS', preflight(APP)],
      ] as const) {
        const res = await send(url, method, '/', headers)
        expect(res.status).toBe(500)
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
      }
      expect(handler).not.toHaveBeenCalled()
      expect(onReject).not.toHaveBeenCalled()
      expect(errors.map((e) => (e as Error).message)).toEqual(['lookup failed', 'lookup failed'])
    })
  })

  describe('@koa/router', () => {
    it('router.use(cors()) covers the routes the router matches', async () => {
      const { url } = await start((app) => {
        const router = new Router()
        router.use(cors({ origin: [APP] }))
        router.get('/x', (ctx) => {
          ctx.body = 'x'
        })
        router.options('/{*any}', () => {})
        app.use(router.routes())
      })
      const get = await send(url, 'GET', '/x', { origin: APP })
      expect(get.status).toBe(200)
      expect(get.headers['access-control-allow-origin']).toBe(APP)
      const pre = await send(url, 'OPTIONS', '/x', preflight(APP))
      expect(pre.status).toBe(204)
      expect(pre.body).toBe('')
      expect(pre.headers['access-control-allow-methods']).toBe('GET,HEAD,PUT,PATCH,POST,DELETE')
    })

    it('per route: router.get(path, cors(), handler) plus router.options(path, same) for preflights', async () => {
      const handler = vi.fn((ctx: any) => {
        ctx.body = 'x'
      })
      const { url } = await start((app) => {
        const router = new Router()
        const xCors = cors({ origin: [APP], methods: ['GET', 'PUT'] })
        router.get('/x', xCors, handler)
        router.options('/x', xCors)
        router.get('/y', (ctx) => {
          ctx.body = 'y'
        })
        app.use(router.routes())
      })
      const get = await send(url, 'GET', '/x', { origin: APP })
      expect(get.headers['access-control-allow-origin']).toBe(APP)
      expect(get.body).toBe('x')
      const pre = await send(url, 'OPTIONS', '/x', preflight(APP))
      expect(pre.status).toBe(204)
      expect(pre.headers['access-control-allow-methods']).toBe('GET,PUT')
      const other = await send(url, 'GET', '/y', { origin: APP })
      expect(other.status).toBe(200)
      expect(other.headers['access-control-allow-origin']).toBeUndefined()
      expect(handler).toHaveBeenCalledTimes(1)
    })

    it('stacked app-wide and router cors(): the first one decides preflight and actual alike, and warns once', async () => {
      const OTHER = 'https://other.example.com'
      const warnings: Error[] = []
      const onWarning = (w: Error) => warnings.push(w)
      process.on('warning', onWarning)
      try {
        const handler = vi.fn((ctx: any) => {
          ctx.body = 'admin'
        })
        const { url } = await start((app) => {
          const router = new Router()
          router.use(cors({ origin: [OTHER] }))
          router.get('/admin', handler)
          router.options('/{*any}', () => {})
          app.use(cors({ origin: [APP], credentials: true }))
          app.use(router.routes())
        })
        // OTHER is listed only by the router's policy: the app-wide one decides, for both.
        const pre = await send(url, 'OPTIONS', '/admin', preflight(OTHER))
        expect(pre.status).toBe(403)
        const actual = await send(url, 'GET', '/admin', { origin: OTHER })
        expect(actual.status).toBe(200)
        expect(actual.headers['access-control-allow-origin']).toBeUndefined()
        // APP, refused by the router's policy, keeps the app-wide grant on both.
        const appPre = await send(url, 'OPTIONS', '/admin', preflight(APP))
        expect(appPre.status).toBe(204)
        expect(appPre.headers['access-control-allow-origin']).toBe(APP)
        const appActual = await send(url, 'GET', '/admin', { origin: APP })
        expect(appActual.headers['access-control-allow-origin']).toBe(APP)
        expect(appActual.headers['access-control-allow-credentials']).toBe('true')
        expect(varyTokens(appActual.headers.vary)).toEqual(['origin'])
        await new Promise((resolve) => setImmediate(resolve))
        expect(warnings.filter((w) => (w as any).code === 'CROSSWAY_STACKED')).toHaveLength(1)
      } finally {
        process.off('warning', onWarning)
      }
    })

    it('keeps headers when the router throws 405/501 from allowedMethods({ throw: true })', async () => {
      const { url } = await start((app) => {
        const router = new Router()
        router.get('/x', (ctx) => {
          ctx.body = 'x'
        })
        app.use(cors({ origin: [APP] }))
        app.use(router.routes())
        app.use(router.allowedMethods({ throw: true }))
      })
      const res = await send(url, 'DELETE', '/x', { origin: APP })
      expect(res.status).toBe(405)
      expect(res.headers['access-control-allow-origin']).toBe(APP)
      expect(varyTokens(res.headers.vary)).toEqual(['origin'])
    })
  })
})
