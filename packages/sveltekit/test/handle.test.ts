// The hooks in-process, on events shaped as SvelteKit builds them: what the HTTP tests cannot see
// (when `resolve` runs, what the `origin` function receives, warnings, start-up errors). Kit's
// own `sequence()` needs its request store, so composition runs through `chain` here; the real
// `sequence()` is covered over HTTP in kit.test.ts.
import { isCorsConfigError } from '@crossway/core'
import type { Handle, RequestEvent } from '@sveltejs/kit'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cors, corsByRoute } from '../src/index'

const APP = 'https://app.example.com'

function event(
  path: string,
  routeId: string | null,
  headers: Record<string, string> = {},
  method = 'GET',
): RequestEvent {
  const url = new URL(path, 'https://api.example.com')
  return {
    request: new Request(url, { method, headers }),
    url,
    route: { id: routeId },
  } as unknown as RequestEvent
}

/** `sequence(first, second)` as Kit runs it: each hook gets its own copy of the event, the same `Request`. */
function chain(first: Handle, second: Handle): Handle {
  return ({ event, resolve }) =>
    first({ event: { ...event }, resolve: (next) => second({ event: { ...next }, resolve }) })
}

function answer(body = 'ok', init: ResponseInit = {}) {
  return vi.fn((_event: RequestEvent) => new Response(body, init))
}

async function run(handle: Handle, e: RequestEvent, resolve = answer()) {
  return handle({ event: e, resolve })
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('cors()', () => {
  it('calls resolve in the same tick for a policy without an origin function', () => {
    const resolve = answer()
    const pending = cors({ origin: [APP] })({ event: event('/x', '/x', { origin: APP }), resolve })
    expect(resolve).toHaveBeenCalledTimes(1)
    return expect(
      Promise.resolve(pending).then((r) => r.headers.get('access-control-allow-origin')),
    ).resolves.toBe(APP)
  })

  it('passes the RequestEvent itself to an origin function', async () => {
    const seen: unknown[] = []
    const e = event('/x', '/x', { origin: APP })
    const handle = cors({
      origin: (origin, ev) => {
        seen.push(ev)
        return origin === APP && ev.route.id === '/x'
      },
    })
    const res = await run(handle, e)
    expect(seen).toEqual([e])
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('answers a preflight without calling resolve', async () => {
    const resolve = answer()
    const res = await run(
      cors({ origin: [APP] }),
      event('/x', '/x', { origin: APP, 'access-control-request-method': 'PUT' }, 'OPTIONS'),
      resolve,
    )
    expect(res.status).toBe(204)
    expect(resolve).not.toHaveBeenCalled()
  })

  it('rejects with what an origin function throws (Kit answers it with its 500 page)', async () => {
    const handle = cors({
      origin: () => {
        throw new Error('tenant lookup failed')
      },
    })
    await expect(run(handle, event('/x', '/x', { origin: APP }))).rejects.toThrow('tenant lookup failed')
  })

  it('decorates a response whose headers are immutable (Response.redirect) by copying it', async () => {
    const resolve = vi.fn(() => Response.redirect('https://api.example.com/elsewhere', 307))
    const res = await run(cors({ origin: [APP] }), event('/x', '/x', { origin: APP }), resolve)
    expect([res.status, res.headers.get('location'), res.headers.get('access-control-allow-origin')]).toEqual(
      [307, 'https://api.example.com/elsewhere', APP],
    )
  })

  it('throws CorsConfigError when it is called with a bad policy', () => {
    let error: unknown
    try {
      cors({ origin: 'https://app.example.com/' })
    } catch (e) {
      error = e
    }
    expect(isCorsConfigError(error) && error.code).toBe('invalid-origin')
  })
})

describe('two Crossway hooks on one request', () => {
  it('the first decides, the second calls resolve untouched and warns once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const handle = chain(
      cors({ origin: [APP], exposedHeaders: ['x-a'] }),
      cors({ origin: '*', exposedHeaders: ['x-b'] }),
    )
    for (let i = 0; i < 3; i++) {
      const res = await run(handle, event('/x', '/x', { origin: APP }))
      expect(res.headers.get('access-control-allow-origin')).toBe(APP)
      expect(res.headers.get('access-control-expose-headers')).toBe('x-a')
    }
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]?.[1]).toEqual({ code: 'CROSSWAY_STACKED' })
  })

  it('each request is decided afresh: the mark lives on that request only', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const handle = cors({ origin: [APP] })
    for (let i = 0; i < 2; i++) {
      const res = await run(handle, event('/x', '/x', { origin: APP }))
      expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    }
  })
})

describe('corsByRoute()', () => {
  const A = 'https://a.example'
  const B = 'https://b.example'
  const acao = async (handle: Handle, routeId: string | null, origin: string) =>
    (await run(handle, event('/whatever', routeId, { origin }))).headers.get('access-control-allow-origin')

  it('the most specific key governs, whatever the order of the keys', async () => {
    for (const handle of [
      corsByRoute({ '/api': { origin: [A] }, '/api/public': { origin: '*' } }),
      corsByRoute({ '/api/public': { origin: '*' }, '/api': { origin: [A] } }),
    ]) {
      expect(await acao(handle, '/api/public/items/[id]', B)).toBe('*')
      expect(await acao(handle, '/api/items', A)).toBe(A)
      expect(await acao(handle, '/api', A)).toBe(A)
    }
  })

  it('matches whole segments: /api does not cover /apiary', async () => {
    const handle = corsByRoute({ '/api': { origin: [A] } })
    expect(await acao(handle, '/apiary', A)).toBeNull()
  })

  it('/ covers every route; false carves routes out', async () => {
    const handle = corsByRoute({ '/': { origin: [A] }, '/admin': false })
    expect(await acao(handle, '/', A)).toBe(A)
    expect(await acao(handle, '/shop/[slug]', A)).toBe(A)
    const res = await run(handle, event('/admin/x', '/admin/x', { origin: A }))
    expect([res.headers.get('access-control-allow-origin'), res.headers.get('vary')]).toEqual([null, null])
  })

  it('a request with no route: notFound when given, else untouched', async () => {
    expect(await acao(corsByRoute({ '/': { origin: [A] } }, { notFound: { origin: [B] } }), null, B)).toBe(B)
    const res = await run(corsByRoute({ '/': { origin: [A] } }), event('/nowhere', null, { origin: A }))
    expect([res.headers.get('access-control-allow-origin'), res.headers.get('vary')]).toEqual([null, null])
  })

  it('leaves a route it has no policy for to a later Crossway hook', async () => {
    const handle = chain(corsByRoute({ '/api': { origin: [A] } }), cors({ origin: [B] }))
    expect(await acao(handle, '/api/x', A)).toBe(A)
    expect(await acao(handle, '/pages/x', B)).toBe(B)
  })

  it.each([
    ['/api/*', 'is a glob', 'write "/api"'],
    ['/api/**', 'is a glob', 'write "/api"'],
    ['api', 'is not a SvelteKit route id', 'a leading "/"'],
    ['/api/', 'is not a SvelteKit route id', 'no trailing "/"'],
    ['', 'is not a SvelteKit route id', 'e.g. "/api"'],
  ])('refuses the key %j at start-up: %s', (key, what, fix) => {
    expect(() => corsByRoute({ [key]: { origin: [A] } })).toThrow(what)
    expect(() => corsByRoute({ [key]: { origin: [A] } })).toThrow(fix)
  })

  it('a bad policy throws CorsConfigError naming its key', () => {
    let error: unknown
    try {
      corsByRoute({ '/api': { origin: [A] }, '/api/public': { origin: '*', credentials: true } })
    } catch (e) {
      error = e
    }
    expect(isCorsConfigError(error) && error.code).toBe('credentials-with-wildcard')
    expect((error as Error).message).toContain("corsByRoute['/api/public']")
  })
})
