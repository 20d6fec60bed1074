import { type CorsRejection, createLiveCors, isCorsConfigError } from '@crossway/core'
import type { APIContext, MiddlewareNext } from 'astro'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cors, corsByRoute, corsCheck } from '../src/index'

// In-process checks of what the real-app tests cannot isolate: which pass decides, what is read,
// what is synchronous. The behaviour on the wire is proven against real Astro servers elsewhere.

const APP = 'https://app.example.com'
const EVIL = 'https://evil.example'

interface FakeContext {
  request: Request
  url: URL
  routePattern: string
  isPrerendered: boolean
}

function context(
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
  extra: Partial<FakeContext> = {},
): APIContext {
  const url = new URL(path, 'http://localhost')
  const fake: FakeContext = {
    request: new Request(url, { method: init.method ?? 'GET', headers: init.headers }),
    url,
    routePattern: url.pathname,
    isPrerendered: false,
    ...extra,
  }
  return fake as unknown as APIContext
}

const ok = (body = 'ok', headers: Record<string, string> = {}) => new Response(body, { headers })

function nextReturning(response: Response | (() => Response)): MiddlewareNext & { calls: number } {
  const next = (async () => {
    next.calls++
    return typeof response === 'function' ? response() : response
  }) as MiddlewareNext & { calls: number }
  next.calls = 0
  return next
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('cors()', () => {
  it('throws CorsConfigError when called with a bad policy', () => {
    let error: unknown
    try {
      cors({ origin: 'https://app.example.com/' })
    } catch (e) {
      error = e
    }
    expect(isCorsConfigError(error)).toBe(true)
    expect((error as Error).message).toContain('write "https://app.example.com"')
  })

  it('answers a preflight synchronously for a static policy, without calling next', () => {
    const next = nextReturning(ok())
    const answer = cors({ origin: [APP] })(
      context('/api', {
        method: 'OPTIONS',
        headers: { origin: APP, 'access-control-request-method': 'PUT' },
      }),
      next,
    )
    expect(answer).toBeInstanceOf(Response)
    const res = answer as Response
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(next.calls).toBe(0)
  })

  it('adds the headers to the response next() gives', async () => {
    const res = await cors({ origin: [APP], exposedHeaders: ['x-total'] })(
      context('/api', { headers: { origin: APP } }),
      nextReturning(ok('body', { vary: 'Accept-Encoding' })),
    )
    expect(await res.text()).toBe('body')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-expose-headers')).toBe('x-total')
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Origin')
  })

  it('copies a response whose headers are immutable (Response.redirect)', async () => {
    const redirect = Response.redirect('http://localhost/elsewhere', 307)
    const res = await cors({ origin: [APP] })(
      context('/api', { headers: { origin: APP } }),
      nextReturning(redirect),
    )
    expect(res).not.toBe(redirect)
    expect(res.status).toBe(307)
    expect(res.headers.get('location')).toBe('http://localhost/elsewhere')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('passes an origin function the APIContext, and waits for an async one', async () => {
    const seen: unknown[] = []
    const ctx = context('/api', { headers: { origin: APP } })
    const answer = cors({
      origin: async (origin, native) => {
        seen.push(native)
        return origin === APP
      },
    })(ctx, nextReturning(ok()))
    expect(answer).toBeInstanceOf(Promise)
    const res = await answer
    expect(seen).toEqual([ctx])
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('leaves prerendered routes alone, without reading a header', async () => {
    const ctx = context('/static', {}, { isPrerendered: true })
    const request = ctx.request
    Object.defineProperty(ctx, 'request', {
      get() {
        throw new Error('request read on a prerendered route')
      },
    })
    const page = ok('static')
    const next = nextReturning(page)
    expect(await cors({ origin: '*' })(ctx, next)).toBe(page)
    expect(next.calls).toBe(1)
    expect(request.headers.get('origin')).toBeNull()
  })
})

describe('cors(): a throw behind it', () => {
  const boom = new Error('boom')
  const throwing = (async () => {
    throw boom
  }) as MiddlewareNext

  it('answers a CORS request with a body-less 500 carrying the headers, and logs the error', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await cors({ origin: [APP], credentials: true })(
      context('/api', { headers: { origin: APP } }),
      throwing,
    )
    expect(res.status).toBe(500)
    expect(res.body).toBeNull()
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(log).toHaveBeenCalledWith(boom)
  })

  it('keeps Vary: Origin on the 500 of a refused origin', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await cors({ origin: [APP] })(context('/api', { headers: { origin: EVIL } }), throwing)
    expect(res.status).toBe(500)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('vary')).toBe('Origin')
  })

  it('hands the error back to Astro for a request without Origin', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    await expect(cors({ origin: [APP] })(context('/api'), throwing)).rejects.toBe(boom)
    expect(log).not.toHaveBeenCalled()
  })

  it('lets an origin function’s error reach Astro, granting nothing', async () => {
    const failure = new Error('lookup failed')
    const middleware = cors({
      origin: () => {
        throw failure
      },
    })
    const next = nextReturning(ok())
    expect(() => middleware(context('/api', { headers: { origin: APP } }), next)).toThrow(failure)
    expect(next.calls).toBe(0)
  })
})

describe('cors(): which pass decides (semantics.md §7a)', () => {
  it('decides once when Astro runs the middleware again for its error page (same Request, new context)', async () => {
    const rejections: CorsRejection[] = []
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const middleware = cors({ origin: [APP], onReject: (r) => void rejections.push(r) })
    const first = context('/api', { headers: { origin: EVIL } })
    await middleware(first, nextReturning(new Response(null, { status: 404 })))
    // A new context around the same Request, as Astro builds it for the 404 page.
    const errorPage = context('/404', {}, { request: first.request })
    const page = ok('404 page')
    const second = await middleware(errorPage, nextReturning(page))
    expect(second).toBe(page)
    expect(second.headers.get('vary')).toBeNull()
    expect(rejections).toHaveLength(1)
    expect(warn).not.toHaveBeenCalled()
  })

  it('lets a second cors() in one chain step aside, and warns once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const outer = cors({ origin: [APP] })
    const inner = cors({ origin: '*', exposedHeaders: ['x-inner'] })
    for (let i = 0; i < 2; i++) {
      const ctx = context('/api', { headers: { origin: APP } })
      const res = await outer(ctx, (async () => inner(ctx, nextReturning(ok()))) as MiddlewareNext)
      expect(res.headers.get('access-control-allow-origin')).toBe(APP)
      expect(res.headers.get('access-control-expose-headers')).toBeNull()
    }
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toContain('corsByRoute')
  })

  it('still steps aside after a rewrite between them (same context, new Request)', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const outer = cors({ origin: [APP] })
    const inner = cors({ origin: '*' })
    const ctx = context('/api', { headers: { origin: APP } })
    const res = await outer(ctx, (async () => {
      ;(ctx as unknown as FakeContext).request = new Request('http://localhost/rewritten', {
        headers: { origin: APP },
      })
      return inner(ctx, nextReturning(ok()))
    }) as MiddlewareNext)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('takes a live policy and follows its reconfiguration', async () => {
    const live = createLiveCors({ origin: [APP] })
    const middleware = cors(live)
    const ask = async () =>
      (await middleware(context('/api', { headers: { origin: EVIL } }), nextReturning(ok()))).headers.get(
        'access-control-allow-origin',
      )
    expect(await ask()).toBeNull()
    live.reconfigure({ origin: [APP, EVIL] })
    expect(await ask()).toBe(EVIL)
  })
})

describe('corsByRoute()', () => {
  const run = async (middleware: ReturnType<typeof corsByRoute>, routePattern: string, origin = APP) => {
    const next = nextReturning(ok())
    const res = await middleware(context('/any', { headers: { origin } }, { routePattern }), next)
    return { res, next }
  }

  it('chooses the most specific key covering the route, whatever the key order', async () => {
    const middleware = corsByRoute({
      '/': { origin: [APP] },
      '/api/public': { origin: '*' },
      '/api': { origin: [APP], credentials: true },
    })
    expect(
      (await run(middleware, '/api/public/[...path]', EVIL)).res.headers.get('access-control-allow-origin'),
    ).toBe('*')
    expect(
      (await run(middleware, '/api/items/[id]')).res.headers.get('access-control-allow-credentials'),
    ).toBe('true')
    expect((await run(middleware, '/api')).res.headers.get('access-control-allow-credentials')).toBe('true')
    // A key covers whole segments: /api does not cover /apix.
    const apix = (await run(middleware, '/apix')).res
    expect(apix.headers.get('access-control-allow-origin')).toBe(APP)
    expect(apix.headers.get('access-control-allow-credentials')).toBeNull()
  })

  it('applies nothing where a key says false or no key covers the route', async () => {
    const middleware = corsByRoute({ '/api': { origin: [APP] }, '/api/internal': false })
    for (const routePattern of ['/api/internal/jobs', '/about']) {
      const { res, next } = await run(middleware, routePattern)
      expect(next.calls).toBe(1)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      expect(res.headers.get('vary')).toBeNull()
    }
  })

  it('gives notFound to the 404 route, and nothing without it', async () => {
    const withNotFound = corsByRoute({ '/api': { origin: [APP] } }, { notFound: { origin: '*' } })
    expect((await run(withNotFound, '/404', EVIL)).res.headers.get('access-control-allow-origin')).toBe('*')
    const without = corsByRoute({ '/api': { origin: [APP] } })
    expect((await run(without, '/404')).res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('validates every policy when built, naming the key', () => {
    let error: unknown
    try {
      corsByRoute({ '/api': { origin: [APP] }, '/api/public': { origin: '*', credentials: true } })
    } catch (e) {
      error = e
    }
    expect(isCorsConfigError(error)).toBe(true)
    expect((error as Error).message).toContain("corsByRoute['/api/public']")
  })

  it.each([
    ['/api/*', 'write "/api"'],
    ['/api/', 'not an Astro route pattern'],
    ['api', 'not an Astro route pattern'],
  ])('refuses the key %s', (key, message) => {
    expect(() => corsByRoute({ [key]: { origin: '*' } })).toThrow(message)
  })
})

describe('corsCheck()', () => {
  type Setup = (options: {
    config: { security?: { checkOrigin?: boolean } }
    logger: { warn(m: string): void }
  }) => void
  const warnings = (integration: ReturnType<typeof corsCheck>, checkOrigin: boolean | undefined) => {
    const seen: string[] = []
    const setup = integration.hooks['astro:config:setup'] as unknown as Setup
    setup({ config: { security: { checkOrigin } }, logger: { warn: (m) => seen.push(m) } })
    return seen
  }

  it('throws CorsConfigError for a bad policy when called, as astro.config loads', () => {
    expect(() => corsCheck({ origin: [APP] }, { origin: '*', csrf: true })).toThrow(/csrf/)
  })

  it('warns about Astro’s checkOrigin only beside a csrf policy', () => {
    const csrf = corsCheck({ origin: '*' }, { origin: [APP], csrf: true })
    expect(warnings(csrf, true)).toEqual([expect.stringContaining('checkOrigin: false')])
    expect(warnings(csrf, undefined)).toHaveLength(1)
    expect(warnings(csrf, false)).toEqual([])
    expect(warnings(corsCheck({ origin: [APP] }), true)).toEqual([])
  })

  it('sees csrf on a live policy too', () => {
    expect(warnings(corsCheck(createLiveCors({ origin: [APP], csrf: true })), true)).toHaveLength(1)
  })
})
