// `@crossway/core/web`: the pieces the Web-standard adapters (Hono, h3 2, SvelteKit, Astro)
// share. `handle` is `runWeb` with the `Request` as the native request; these tests pin what
// an adapter relies on when it passes its own context instead.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { createCors } from '../src/index'
import { applyDecision, decideWeb, decorate, preflightResponse, runWeb, warnStacked } from '../src/web'

const A = 'https://a.com'
const preflight = (origin = A) =>
  new Request('http://api.test/x', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'PUT' },
  })

describe('decideWeb', () => {
  it('passes the adapter’s native context, not the Request, to an origin function', () => {
    const context = { tenant: 'acme' }
    const seen: unknown[] = []
    const policy = createCors<typeof context>({
      origin: (origin, native) => {
        seen.push(native)
        return origin === A
      },
    })
    const d = decideWeb(policy, new Request('http://api.test/', { headers: { origin: A } }), context)
    expect(seen).toEqual([context])
    expect(d).toMatchObject({ kind: 'actual', allowed: true })
  })

  it('stays synchronous for a static policy', () => {
    const d = decideWeb(createCors({ origin: [A] }), preflight(), null)
    expect(d).not.toBeInstanceOf(Promise)
    expect(d).toMatchObject({ kind: 'preflight', allowed: true, respond: true, status: 204 })
  })

  it('with csrf on and no Sec-Fetch-Site, compares Origin with the URL’s host (Fetch forbids a Host header)', () => {
    const policy = createCors({ origin: [A], credentials: true, csrf: true })
    // An older browser: no Sec-Fetch-Site, so the origin is compared with the host addressed.
    const post = (url: string) =>
      new Request(url, { method: 'POST', headers: { origin: 'https://api.test' } })
    const sameHost = decideWeb(policy, post('https://api.test/items'), null)
    expect(sameHost).toMatchObject({ respond: false })
    expect(sameHost).not.toMatchObject({ reason: 'csrf' })
    // The same `Origin` sent to another host is a forgery.
    expect(decideWeb(policy, post('https://other.test/items'), null)).toMatchObject({
      allowed: false,
      reason: 'csrf',
      respond: true,
      status: 403,
    })
  })
})

describe('runWeb', () => {
  it('answers a preflight without calling next', async () => {
    const next = vi.fn(() => new Response('app'))
    const res = await runWeb(createCors({ origin: [A] }), preflight(), null, next)
    expect(next).not.toHaveBeenCalled()
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(A)
  })

  it('adds the headers to next’s response, merging Vary with the app’s own', async () => {
    const res = await runWeb(
      createCors({ origin: [A] }),
      new Request('http://api.test/', { headers: { origin: A } }),
      null,
      () => new Response('ok', { headers: { vary: 'Accept-Encoding' } }),
    )
    expect(res.headers.get('access-control-allow-origin')).toBe(A)
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Origin')
    expect(await res.text()).toBe('ok')
  })

  it('rejects (never throws synchronously) when next throws, and when next gives no Response', async () => {
    const policy = createCors({ origin: [A] })
    const request = () => new Request('http://api.test/', { headers: { origin: A } })
    const thrown = runWeb(policy, request(), null, () => {
      throw new Error('boom')
    })
    await expect(thrown).rejects.toThrow('boom')
    await expect(runWeb(policy, request(), null, () => 'text' as never)).rejects.toThrow(TypeError)
  })
})

describe('preflightResponse and applyDecision', () => {
  it('carries Content-Length: 0 on a non-204 status and an empty body', async () => {
    const d = createCors({ origin: [A], optionsSuccessStatus: 200 }).decide(
      'OPTIONS',
      A,
      'PUT',
      undefined,
      undefined,
      null,
    )
    if (!d.respond) throw new Error('expected a responding decision')
    const res = preflightResponse(d)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe('0')
    expect(await res.text()).toBe('')
  })

  it('applyDecision merges Vary into headers prepared before the handler', () => {
    const d = createCors({ origin: [A] }).decide('GET', A, undefined, undefined, undefined, null)
    const headers = new Headers({ vary: 'Accept' })
    applyDecision(headers, d)
    expect(headers.get('vary')).toBe('Accept, Origin')
    expect(headers.get('access-control-allow-origin')).toBe(A)
  })

  it('decorate copies a response whose headers are immutable instead of failing', async () => {
    const d = createCors({ origin: [A] }).decide('GET', A, undefined, undefined, undefined, null)
    const redirect = Response.redirect('http://api.test/elsewhere', 302)
    const res = decorate(redirect, d)
    expect(res).not.toBe(redirect)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('http://api.test/elsewhere')
    expect(res.headers.get('access-control-allow-origin')).toBe(A)
  })
})

describe('warnStacked', () => {
  it('emits a CROSSWAY_STACKED process warning where there is a process', () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    try {
      warnStacked('two middlewares')
      expect(emit).toHaveBeenCalledWith('two middlewares', { code: 'CROSSWAY_STACKED' })
    } finally {
      emit.mockRestore()
    }
  })

  it('falls back to console.warn on a runtime without process (an edge worker)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const saved = globalThis.process
    let calls: unknown[][] = []
    try {
      ;(globalThis as { process?: unknown }).process = undefined
      warnStacked('two middlewares')
    } finally {
      globalThis.process = saved
      calls = warn.mock.calls.map((call) => [...call])
      warn.mockRestore()
    }
    expect(calls).toEqual([['two middlewares']])
  })
})

const root = fileURLToPath(new URL('..', import.meta.url))
const built = existsSync(new URL('../dist/web.cjs', import.meta.url))

describe.skipIf(!built)('@crossway/core/web loads from CommonJS and ESM (run `pnpm build` first)', () => {
  const script = `const cors = createCors({ origin: ['https://a.com'] })
const d = decideWeb(cors, new Request('http://x/', { headers: { origin: 'https://a.com' } }), null)
console.log(JSON.stringify([d.kind, typeof runWeb, typeof preflightResponse, typeof decorate, typeof applyDecision, claimRequest({}), typeof claimRequest]))`
  const expected = ['actual', 'function', 'function', 'function', 'function', true, 'function']

  it('require()', () => {
    const load = `const { createCors } = require('@crossway/core')
const { decideWeb, runWeb, preflightResponse, decorate, applyDecision, claimRequest } = require('@crossway/core/web')`
    const out = execFileSync(process.execPath, ['-e', `${load}\n${script}`], { cwd: root, encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual(expected)
  })

  it('import', () => {
    const load = `import { createCors } from '@crossway/core'
import { decideWeb, runWeb, preflightResponse, decorate, applyDecision, claimRequest } from '@crossway/core/web'`
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `${load}\n${script}`], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(JSON.parse(out)).toEqual(expected)
  })
})
