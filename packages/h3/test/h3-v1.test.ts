import type { CorsRejection } from '@crossway/core'
import {
  createApp,
  createError,
  createRouter,
  defineEventHandler,
  type H3Event,
  send,
  setResponseHeader,
  setResponseStatus,
  useBase,
} from 'h3v1'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { cors } from '../src/index'
import { asV1 } from './harness'
import { exchange, serveV1, varyTokens } from './http'

const APP = 'https://app.example.com'
const EVIL = 'https://evil.example.net'
const PREFLIGHT_VARY = ['access-control-request-headers', 'access-control-request-method', 'origin']
const GRANTED = { 'access-control-allow-origin': APP, 'access-control-allow-credentials': 'true' }

const preflight = (origin = APP, method = 'PUT') => ({ origin, 'access-control-request-method': method })

// h3 1 logs every unhandled error; the ones these tests throw on purpose are expected.
function quietErrors() {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
  onTestFinished(() => spy.mockRestore())
}

function appWith(
  options: Parameters<typeof cors>[0] = { origin: [APP], credentials: true },
  calls: string[] = [],
) {
  const app = createApp()
  app.use(asV1(cors(options)))
  const router = createRouter()
  router.get(
    '/resource',
    defineEventHandler(() => {
      calls.push('get')
      return { ok: true }
    }),
  )
  router.options(
    '/resource',
    defineEventHandler(() => {
      calls.push('options')
      return 'options'
    }),
  )
  app.use(router)
  return app
}

function expectGranted(headers: Record<string, string>, vary = ['origin']) {
  expect(headers).toMatchObject(GRANTED)
  expect(varyTokens(headers.vary)).toEqual(vary.sort())
}

describe('h3 1: preflights', () => {
  it('answers a preflight for a path with no route and no OPTIONS handler', async () => {
    const calls: string[] = []
    const [r] = await exchange(serveV1(appWith(undefined, calls)), [
      ['OPTIONS', '/nowhere/at/all', preflight()],
    ])
    expect(r!.status).toBe(204)
    expect(r!.body).toBe('')
    expect(r!.headers['access-control-allow-methods']).toBe('GET,HEAD,PUT,PATCH,POST,DELETE')
    expectGranted(r!.headers, PREFLIGHT_VARY)
    expect(calls).toEqual([])
  })

  it('answers before the OPTIONS route, and refuses with a bare 403 and one onReject', async () => {
    const calls: string[] = []
    const onReject = vi.fn<(rejection: CorsRejection) => void>()
    const [ok, refused, patch] = await exchange(serveV1(appWith({ origin: [APP], onReject }, calls)), [
      ['OPTIONS', '/resource', preflight()],
      ['OPTIONS', '/resource', preflight(EVIL)],
      ['OPTIONS', '/resource', { ...preflight(), 'access-control-request-method': 'PATCH' }],
    ])
    expect(ok!.status).toBe(204)
    expect(ok!.headers['content-length']).toBeUndefined()
    expect(refused!.status).toBe(403)
    expect(refused!.body).toBe('')
    expect(refused!.headers['content-length']).toBe('0')
    expect(refused!.headers['access-control-allow-origin']).toBeUndefined()
    expect(varyTokens(refused!.headers.vary)).toEqual(PREFLIGHT_VARY)
    expect(patch!.status).toBe(204)
    expect(calls).toEqual([])
    expect(onReject).toHaveBeenCalledTimes(1)
    expect(onReject.mock.calls[0]![0]).toMatchObject({ kind: 'preflight', reason: 'origin', origin: EVIL })
  })

  it('hands an allowed preflight to the OPTIONS route with preflightContinue', async () => {
    const calls: string[] = []
    const [r] = await exchange(serveV1(appWith({ origin: [APP], preflightContinue: true }, calls)), [
      ['OPTIONS', '/resource', preflight()],
    ])
    expect(r!.status).toBe(200)
    expect(r!.body).toBe('options')
    expect(r!.headers['access-control-allow-origin']).toBe(APP)
    expect(calls).toEqual(['options'])
  })
})

describe('h3 1: errors carry the CORS headers and Vary', () => {
  function errorApp(onError?: Parameters<typeof createApp>[0]) {
    const app = createApp(onError)
    app.use(asV1(cors({ origin: [APP], credentials: true })))
    const router = createRouter()
    router.get(
      '/create-error-4xx',
      defineEventHandler(() => {
        throw createError({ statusCode: 409, statusMessage: 'Taken' })
      }),
    )
    router.get(
      '/create-error-5xx',
      defineEventHandler(() => {
        throw createError({ statusCode: 503 })
      }),
    )
    router.get(
      '/plain-error',
      defineEventHandler(() => {
        throw new Error('boom')
      }),
    )
    router.get(
      '/async-error',
      defineEventHandler(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1))
        throw createError({ statusCode: 401 })
      }),
    )
    router.get(
      '/vary-then-throw',
      defineEventHandler((event) => {
        setResponseHeader(event, 'vary', 'Accept')
        throw createError({ statusCode: 400 })
      }),
    )
    app.use(router)
    return app
  }

  it.each([
    ['/create-error-4xx', 409, ['origin']],
    ['/create-error-5xx', 503, ['origin']],
    ['/plain-error', 500, ['origin']],
    ['/async-error', 401, ['origin']],
    ['/vary-then-throw', 400, ['accept', 'origin']],
    ['/unknown-path', 404, ['origin']],
  ])('GET %s → %i with ACAO, ACAC and Vary', async (path, status, vary) => {
    quietErrors()
    const [r] = await exchange(serveV1(errorApp()), [['GET', path, { origin: APP }]])
    expect(r!.status).toBe(status)
    expectGranted(r!.headers, vary)
  })

  it('gives a refused origin Vary: Origin and no CORS headers on errors and the 404', async () => {
    quietErrors()
    const replies = await exchange(serveV1(errorApp()), [
      ['GET', '/plain-error', { origin: EVIL }],
      ['GET', '/unknown-path', { origin: EVIL }],
      ['GET', '/unknown-path', {}],
    ])
    for (const r of replies) {
      expect(r.headers['access-control-allow-origin']).toBeUndefined()
      expect(varyTokens(r.headers.vary)).toEqual(['origin'])
    }
  })

  it('keeps them under an app onError that writes its own error page', async () => {
    quietErrors()
    const app = errorApp({
      onError: (error, event) => {
        setResponseStatus(event, error.statusCode)
        setResponseHeader(event, 'vary', 'Accept-Language')
        return send(event, `failed: ${error.statusCode}`, 'text/plain')
      },
    })
    const [r] = await exchange(serveV1(app), [['GET', '/create-error-4xx', { origin: APP }]])
    expect(r!.status).toBe(409)
    expect(r!.body).toBe('failed: 409')
    expectGranted(r!.headers, ['accept-language', 'origin'])
  })
})

describe('h3 1: Vary is merged with what the app writes', () => {
  function varyApp() {
    const app = createApp()
    app.use(asV1(cors({ origin: [APP] })))
    const router = createRouter()
    router.get(
      '/set-header',
      defineEventHandler((event) => {
        setResponseHeader(event, 'vary', 'Accept-Encoding')
        return 'set'
      }),
    )
    router.get(
      '/web-response',
      defineEventHandler(() => new Response('r', { headers: { vary: 'Accept-Language' } })),
    )
    router.get(
      '/node-write-head',
      defineEventHandler((event) => {
        event.node.res.writeHead(200, { vary: 'Cookie', 'content-type': 'text/plain' })
        event.node.res.end('raw')
      }),
    )
    router.get(
      '/star',
      defineEventHandler((event) => {
        setResponseHeader(event, 'vary', '*')
        return 'star'
      }),
    )
    app.use(router)
    return app
  }

  it.each([
    ['/set-header', ['accept-encoding', 'origin']],
    ['/web-response', ['accept-language', 'origin']],
    ['/node-write-head', ['cookie', 'origin']],
    ['/star', ['*']],
  ])('GET %s', async (path, vary) => {
    const [r] = await exchange(serveV1(varyApp()), [['GET', path, { origin: APP }]])
    expect(r!.status).toBe(200)
    expect(r!.headers['access-control-allow-origin']).toBe(APP)
    expect(varyTokens(r!.headers.vary)).toEqual(vary)
  })
})

describe('h3 1: the origin function', () => {
  it('receives the origin and the h3 1 H3Event, sync or async', async () => {
    const seen: Array<[string, boolean]> = []
    const policies = [
      (origin: string, event: H3Event) => {
        seen.push([origin, event.node.req.url === '/r'])
        return event.node.req.headers['x-tenant'] === 'a'
      },
      async (origin: string, event: H3Event) => {
        await new Promise((resolve) => setTimeout(resolve, 1))
        seen.push([origin, typeof event.node.res.setHeader === 'function'])
        return event.node.req.headers['x-tenant'] === 'a'
      },
    ]
    for (const origin of policies) {
      const app = createApp()
      // The policy is typed with this repository's `h3` (h3 2); an h3 1 app's is h3 1's H3Event.
      app.use(asV1(cors({ origin: origin as never, credentials: true })))
      app.use(
        '/r',
        defineEventHandler(() => 'r'),
      )
      const [allowed, refused, pre] = await exchange(serveV1(app), [
        ['GET', '/r', { origin: APP, 'x-tenant': 'a' }],
        ['GET', '/r', { origin: APP, 'x-tenant': 'b' }],
        ['OPTIONS', '/r', { ...preflight(), 'x-tenant': 'a' }],
      ])
      expect(allowed!.headers['access-control-allow-origin']).toBe(APP)
      expect(refused!.status).toBe(200)
      expect(refused!.headers['access-control-allow-origin']).toBeUndefined()
      expect(pre!.status).toBe(204)
    }
    expect(seen).toHaveLength(6)
    expect(seen.every(([origin, sawEvent]) => origin === APP && sawEvent)).toBe(true)
  })

  it("sends an origin function's error to h3's error handling: a 500, nothing granted", async () => {
    quietErrors()
    const handler = vi.fn(() => 'r')
    for (const origin of [
      () => {
        throw new Error('tenant lookup failed')
      },
      async () => {
        throw new Error('tenant lookup failed')
      },
    ]) {
      const app = createApp()
      app.use(asV1(cors({ origin })))
      app.use('/r', defineEventHandler(handler))
      const [r] = await exchange(serveV1(app), [['GET', '/r', { origin: APP }]])
      expect(r!.status).toBe(500)
      expect(r!.headers['access-control-allow-origin']).toBeUndefined()
    }
    expect(handler).not.toHaveBeenCalled()
  })
})

describe('h3 1: forms of use', () => {
  it('mounted on a path prefix with app.use(prefix, cors()), and through useBase', async () => {
    const api = createRouter()
    api.get(
      '/items',
      defineEventHandler(() => 'items'),
    )
    const app = createApp()
    app.use('/api', asV1(cors({ origin: [APP] })))
    app.use('/api', useBase('/api', api.handler))
    app.use(
      '/page',
      defineEventHandler(() => 'page'),
    )
    const [pre, actual, outside] = await exchange(serveV1(app), [
      ['OPTIONS', '/api/anything', preflight()],
      ['GET', '/api/items', { origin: APP }],
      ['GET', '/page', { origin: APP }],
    ])
    expect(pre!.status).toBe(204)
    expect(actual!.body).toBe('items')
    expect(actual!.headers['access-control-allow-origin']).toBe(APP)
    expect(outside!.headers['access-control-allow-origin']).toBeUndefined()
    expect(outside!.headers.vary).toBeUndefined()
  })

  it('wrapped in defineEventHandler, or called from one, the way a Nitro middleware file may', async () => {
    const apiCors = cors({ origin: [APP] })
    const app = createApp()
    app.use(
      defineEventHandler((event) => {
        if (event.path.startsWith('/api/')) return apiCors(event as never)
      }),
    )
    app.use(
      '/api/items',
      defineEventHandler(() => 'items'),
    )
    const [pre, actual] = await exchange(serveV1(app), [
      ['OPTIONS', '/api/items', preflight()],
      ['GET', '/api/items', { origin: APP }],
    ])
    expect(pre!.status).toBe(204)
    expect(actual!.body).toBe('items')
    expect(actual!.headers['access-control-allow-origin']).toBe(APP)
  })
})
