import type { CorsRejection } from '@crossway/core'
import type { Express, NextFunction, Request, Response } from 'express'
import { describe, expect, it, vi } from 'vitest'
import defaultCors, { CorsConfigError, cors, isCorsConfigError } from '../src/index'
import { majors } from './harness'
import { listen, type Reply, send, varyTokens } from './http'

const APP = 'https://app.example.com'
const EVIL = 'https://evil.example.net'
const PREFLIGHT_VARY = ['access-control-request-headers', 'access-control-request-method', 'origin'].sort()

async function call(
  app: Express,
  method: string,
  path: string,
  headers: Record<string, string | string[]> = {},
): Promise<Reply> {
  const server = await listen(app)
  try {
    return await send(server.url, method, path, headers)
  } finally {
    await server.close()
  }
}

const preflight = (extra: Record<string, string> = {}) => ({
  origin: APP,
  'access-control-request-method': 'PUT',
  ...extra,
})

describe('exports', () => {
  it('exports cors as the default too, and the core error helpers', () => {
    expect(defaultCors).toBe(cors)
    let caught: unknown
    try {
      cors({ origin: true as never })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(CorsConfigError)
    expect(isCorsConfigError(caught)).toBe(true)
    expect((caught as CorsConfigError).code).toBe('invalid-option-type')
  })
})

describe.each(majors)('$name', ({ express, major }) => {
  function handler(id: string, calls?: string[]) {
    return (_req: Request, res: Response) => {
      calls?.push(id)
      res.setHeader('x-handler', id)
      res.status(200).send(id)
    }
  }

  describe('app.use(cors())', () => {
    function appWith(calls: string[], options = {}) {
      const app = express()
      app.use(cors({ origin: [APP], ...options }))
      app.get('/resource', handler('get', calls))
      app.options('/resource', handler('options', calls))
      return app
    }

    it('adds the headers to an allowed actual request and calls the route', async () => {
      const calls: string[] = []
      const r = await call(appWith(calls, { exposedHeaders: ['x-total'] }), 'GET', '/resource', {
        origin: APP,
      })
      expect(r.status).toBe(200)
      expect(r.body).toBe('get')
      expect(r.headers['access-control-allow-origin']).toBe(APP)
      expect(r.headers['access-control-expose-headers']).toBe('x-total')
      expect(varyTokens(r.headers.vary)).toEqual(['origin'])
      expect(calls).toEqual(['get'])
    })

    it('lets a refused actual request reach the route without CORS headers', async () => {
      const calls: string[] = []
      const r = await call(appWith(calls), 'GET', '/resource', { origin: EVIL })
      expect(r.status).toBe(200)
      expect(r.headers['access-control-allow-origin']).toBeUndefined()
      expect(varyTokens(r.headers.vary)).toEqual(['origin'])
      expect(calls).toEqual(['get'])
    })

    it('answers an allowed preflight itself with 204 and no body', async () => {
      const calls: string[] = []
      const r = await call(appWith(calls, { maxAge: 600 }), 'OPTIONS', '/resource', preflight())
      expect(r.status).toBe(204)
      expect(r.body).toBe('')
      expect(r.headers['access-control-allow-origin']).toBe(APP)
      expect(r.headers['access-control-allow-methods']).toBe('GET,HEAD,PUT,PATCH,POST,DELETE')
      expect(r.headers['access-control-max-age']).toBe('600')
      expect(r.headers['content-length']).toBeUndefined()
      expect(r.headers['x-handler']).toBeUndefined()
      expect(varyTokens(r.headers.vary)).toEqual(PREFLIGHT_VARY)
      expect(calls).toEqual([])
    })

    it('sends Content-Length: 0 on a non-204 preflight status', async () => {
      const r = await call(appWith([], { optionsSuccessStatus: 200 }), 'OPTIONS', '/resource', preflight())
      expect(r.status).toBe(200)
      expect(r.headers['content-length']).toBe('0')
      expect(r.body).toBe('')
    })

    it('answers a refused preflight with a bare 403 and never calls the route', async () => {
      const calls: string[] = []
      const onReject = vi.fn<(rejection: CorsRejection) => void>()
      const r = await call(appWith(calls, { onReject }), 'OPTIONS', '/resource', preflight({ origin: EVIL }))
      expect(r.status).toBe(403)
      expect(r.body).toBe('')
      expect(r.headers['content-length']).toBe('0')
      expect(r.headers['access-control-allow-origin']).toBeUndefined()
      expect(r.headers['access-control-allow-methods']).toBeUndefined()
      expect(varyTokens(r.headers.vary)).toEqual(PREFLIGHT_VARY)
      expect(calls).toEqual([])
      expect(onReject).toHaveBeenCalledTimes(1)
      expect(onReject.mock.calls[0]![0]).toMatchObject({ kind: 'preflight', reason: 'origin', origin: EVIL })
    })

    it('answers a preflight for a path with no route', async () => {
      const r = await call(appWith([]), 'OPTIONS', '/nowhere', preflight())
      expect(r.status).toBe(204)
      expect(r.headers['access-control-allow-origin']).toBe(APP)
    })

    it('passes an allowed preflight on with preflightContinue', async () => {
      const calls: string[] = []
      const r = await call(appWith(calls, { preflightContinue: true }), 'OPTIONS', '/resource', preflight())
      expect(r.status).toBe(200)
      expect(r.body).toBe('options')
      expect(r.headers['access-control-allow-origin']).toBe(APP)
      expect(calls).toEqual(['options'])
    })

    it('sends ACAO: * and no Vary without an Origin when the policy is "*"', async () => {
      const app = express()
      app.use(cors())
      app.get('/', handler('root'))
      const r = await call(app, 'GET', '/')
      expect(r.headers['access-control-allow-origin']).toBe('*')
      expect(r.headers.vary).toBeUndefined()
    })
  })

  describe('mounting', () => {
    it('works per route, with the OPTIONS route mounted for preflights', async () => {
      const calls: string[] = []
      const app = express()
      const perRoute = cors({ origin: [APP] })
      app.options('/x', perRoute)
      app.get('/x', perRoute, handler('x', calls))
      app.get('/y', handler('y', calls))
      const server = await listen(app)
      try {
        const pre = await send(
          server.url,
          'OPTIONS',
          '/x',
          preflight({ 'access-control-request-method': 'GET' }),
        )
        expect(pre.status).toBe(204)
        expect(pre.headers['access-control-allow-origin']).toBe(APP)
        const x = await send(server.url, 'GET', '/x', { origin: APP })
        expect(x.headers['access-control-allow-origin']).toBe(APP)
        expect(x.headers['x-handler']).toBe('x')
        const y = await send(server.url, 'GET', '/y', { origin: APP })
        expect(y.headers['access-control-allow-origin']).toBeUndefined()
        expect(y.headers.vary).toBeUndefined()
        expect(calls).toEqual(['x', 'y'])
      } finally {
        await server.close()
      }
    })

    it('stacked app-wide and router cors(): the first one decides preflight and actual alike, and warns once', async () => {
      const OTHER = 'https://other.example.com'
      const warnings: Error[] = []
      const onWarning = (w: Error) => warnings.push(w)
      process.on('warning', onWarning)
      const calls: string[] = []
      const app = express()
      app.use(cors({ origin: [APP], credentials: true }))
      const router = express.Router()
      router.use(cors({ origin: [OTHER] }))
      router.get('/admin', handler('admin', calls))
      app.use('/api', router)
      const server = await listen(app)
      try {
        // OTHER is listed only by the router's policy: the app-wide one decides, for both.
        const pre = await send(server.url, 'OPTIONS', '/api/admin', { ...preflight(), origin: OTHER })
        expect(pre.status).toBe(403)
        const actual = await send(server.url, 'GET', '/api/admin', { origin: OTHER })
        expect(actual.status).toBe(200)
        expect(actual.headers['access-control-allow-origin']).toBeUndefined()
        // APP, refused by the router's policy, keeps the app-wide grant on both.
        const appPre = await send(server.url, 'OPTIONS', '/api/admin', preflight())
        expect(appPre.status).toBe(204)
        expect(appPre.headers['access-control-allow-origin']).toBe(APP)
        const appActual = await send(server.url, 'GET', '/api/admin', { origin: APP })
        expect(appActual.headers['access-control-allow-origin']).toBe(APP)
        expect(appActual.headers['access-control-allow-credentials']).toBe('true')
        expect(varyTokens(appActual.headers.vary)).toEqual(['origin'])
        expect(calls).toEqual(['admin', 'admin'])
        await new Promise((resolve) => setImmediate(resolve))
        expect(warnings.filter((w) => (w as { code?: string }).code === 'CROSSWAY_STACKED')).toHaveLength(1)
      } finally {
        process.off('warning', onWarning)
        await server.close()
      }
    })

    it('decides every request when the app hands each response the same res.locals object', async () => {
      // A module-level object as res.locals is an app bug, but it must not make the next
      // request look already decided (the §7a mark lives in res.locals on Express).
      const shared = Object.create(null)
      const app = express()
      app.use((_req: Request, res: Response, next: NextFunction) => {
        res.locals = shared
        next()
      })
      app.use(cors({ origin: [APP] }))
      app.get('/r', (_req: Request, res: Response) => {
        res.send('r')
      })
      const server = await listen(app)
      try {
        for (let i = 0; i < 3; i++) {
          const pre = await send(server.url, 'OPTIONS', '/r', preflight())
          expect(pre.status).toBe(204)
          expect(pre.headers['access-control-allow-origin']).toBe(APP)
          const actual = await send(server.url, 'GET', '/r', { origin: APP })
          expect(actual.headers['access-control-allow-origin']).toBe(APP)
        }
      } finally {
        await server.close()
      }
    })

    it('works inside a router mounted under a prefix', async () => {
      const calls: string[] = []
      const app = express()
      const router = express.Router()
      router.use(cors({ origin: [APP] }))
      router.get('/items', handler('items', calls))
      app.use('/api', router)
      app.get('/other', handler('other', calls))
      const server = await listen(app)
      try {
        const pre = await send(server.url, 'OPTIONS', '/api/items', preflight())
        expect(pre.status).toBe(204)
        const items = await send(server.url, 'GET', '/api/items', { origin: APP })
        expect(items.headers['access-control-allow-origin']).toBe(APP)
        const other = await send(server.url, 'GET', '/other', { origin: APP })
        expect(other.headers['access-control-allow-origin']).toBeUndefined()
        expect(calls).toEqual(['items', 'other'])
      } finally {
        await server.close()
      }
    })
  })

  describe('errors keep the CORS headers', () => {
    function appWithRoutes(mount: (app: Express) => void) {
      const app = express()
      app.use(cors({ origin: [APP], credentials: true }))
      mount(app)
      return app
    }

    it('on next(err) through the default error handler', async () => {
      const app = appWithRoutes((a) =>
        a.get('/e', (_req: Request, _res: Response, next: NextFunction) => next(new Error('boom'))),
      )
      const r = await call(app, 'GET', '/e', { origin: APP })
      expect(r.status).toBe(500)
      expect(r.headers['access-control-allow-origin']).toBe(APP)
      expect(r.headers['access-control-allow-credentials']).toBe('true')
      expect(varyTokens(r.headers.vary)).toEqual(['origin'])
    })

    it('on a thrown error through a custom error handler', async () => {
      const app = appWithRoutes((a) => {
        a.get('/e', () => {
          throw new Error('boom')
        })
        a.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
          res.status(502).json({ error: err.message })
        })
      })
      const r = await call(app, 'GET', '/e', { origin: APP })
      expect(r.status).toBe(502)
      expect(JSON.parse(r.body)).toEqual({ error: 'boom' })
      expect(r.headers['access-control-allow-origin']).toBe(APP)
    })

    it.runIf(major === 5)('on a rejected async handler (Express 5 only)', async () => {
      const app = appWithRoutes((a) =>
        a.get('/e', async () => {
          throw new Error('boom')
        }),
      )
      const r = await call(app, 'GET', '/e', { origin: APP })
      expect(r.status).toBe(500)
      expect(r.headers['access-control-allow-origin']).toBe(APP)
    })

    it("on Express's own 404", async () => {
      const r = await call(
        appWithRoutes(() => {}),
        'GET',
        '/missing',
        { origin: APP },
      )
      expect(r.status).toBe(404)
      expect(r.headers['access-control-allow-origin']).toBe(APP)
      expect(varyTokens(r.headers.vary)).toEqual(['origin'])
    })
  })

  describe('Vary', () => {
    async function varyOf(mount: (app: Express) => void, before?: (app: Express) => void) {
      const app = express()
      before?.(app)
      app.use(cors({ origin: [APP] }))
      mount(app)
      const r = await call(app, 'GET', '/v', { origin: APP })
      expect(r.status).toBe(200)
      return r.headers.vary
    }

    it('merges res.vary() called by the route', async () => {
      const vary = await varyOf((a) =>
        a.get('/v', (_q: Request, res: Response) => res.vary('Accept').send('v')),
      )
      expect(varyTokens(vary)).toEqual(['accept', 'origin'])
    })

    it("merges a route's res.set('Vary', …) that would replace it", async () => {
      const vary = await varyOf((a) =>
        a.get('/v', (_q: Request, res: Response) => res.set('Vary', 'Accept-Encoding').send('v')),
      )
      expect(varyTokens(vary)).toEqual(['accept-encoding', 'origin'])
    })

    it('merges headers passed straight to writeHead', async () => {
      const vary = await varyOf((a) =>
        a.get('/v', (_q: Request, res: Response) => {
          res.writeHead(200, { Vary: 'Accept-Language' })
          res.end('v')
        }),
      )
      expect(varyTokens(vary)).toEqual(['accept-language', 'origin'])
    })

    it('merges a Vary set by an earlier middleware, without duplicates', async () => {
      const vary = await varyOf(
        (a) => a.get('/v', (_q: Request, res: Response) => res.vary('origin').send('v')),
        (a) =>
          a.use((_q: Request, res: Response, next: NextFunction) => {
            res.setHeader('Vary', 'Cookie')
            next()
          }),
      )
      expect(varyTokens(vary)).toEqual(['cookie', 'origin'])
    })

    it('leaves Vary: * alone', async () => {
      const vary = await varyOf((a) =>
        a.get('/v', (_q: Request, res: Response) => res.set('Vary', '*').send('v')),
      )
      expect(vary).toBe('*')
    })
  })

  describe('origin function', () => {
    function appWithOrigin(origin: (origin: string, req: Request) => boolean | Promise<boolean>) {
      const calls: string[] = []
      const onReject = vi.fn()
      const app = express()
      app.use(cors({ origin, onReject }))
      app.get('/r', handler('r', calls))
      app.options('/r', handler('options', calls))
      return { app, calls, onReject }
    }

    it("receives the origin and Express's req, and may answer asynchronously", async () => {
      const seen: Array<[string, string | undefined]> = []
      const { app, calls } = appWithOrigin(async (origin, req) => {
        seen.push([origin, req.get('x-tenant')])
        return origin === APP
      })
      const r = await call(app, 'GET', '/r', { origin: APP, 'x-tenant': 'acme' })
      expect(r.headers['access-control-allow-origin']).toBe(APP)
      expect(seen).toEqual([[APP, 'acme']])
      expect(calls).toEqual(['r'])
    })

    it('answers an async preflight without calling the route', async () => {
      const { app, calls } = appWithOrigin(async (origin) => origin === APP)
      const r = await call(app, 'OPTIONS', '/r', preflight())
      expect(r.status).toBe(204)
      expect(r.headers['access-control-allow-origin']).toBe(APP)
      expect(calls).toEqual([])
    })

    it('that rejects without a reason still fails the request instead of carrying on', async () => {
      const { app, calls } = appWithOrigin(() => Promise.reject(undefined))
      const errors: string[] = []
      app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
        errors.push(err.message)
        res.status(500).send('failed')
      })
      const r = await call(app, 'GET', '/r', { origin: APP })
      expect(r.status).toBe(500)
      expect(r.headers['access-control-allow-origin']).toBeUndefined()
      expect(errors).toEqual(['crossway: the origin function rejected without a reason'])
      expect(calls).toEqual([])
    })

    it.each([
      [
        'throws',
        () => {
          throw new Error('db down')
        },
      ],
      ['rejects', () => Promise.reject(new Error('db down'))],
    ])('that %s sends the error to next(err) and grants nothing', async (_label, origin) => {
      const { app, calls, onReject } = appWithOrigin(origin)
      const errors: string[] = []
      app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
        errors.push(err.message)
        res.status(500).send('failed')
      })
      const server = await listen(app)
      try {
        for (const [method, headers] of [
          ['GET', { origin: APP }],
          ['OPTIONS', preflight()],
        ] as const) {
          const r = await send(server.url, method, '/r', headers)
          expect(r.status).toBe(500)
          expect(r.body).toBe('failed')
          expect(r.headers['access-control-allow-origin']).toBeUndefined()
          expect(r.headers['access-control-allow-methods']).toBeUndefined()
        }
      } finally {
        await server.close()
      }
      expect(errors).toEqual(['db down', 'db down'])
      expect(calls).toEqual([])
      expect(onReject).not.toHaveBeenCalled()
    })
  })
})
