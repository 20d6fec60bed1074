import { describe, expect, it, vi } from 'vitest'
import {
  type CorsCandidate,
  type CorsDecision,
  type CorsOptions,
  createCors,
  decideAmong,
} from '../src/index'

const A = 'https://a.example.com'
const B = 'https://b.example.com'
const policy = (options: CorsOptions) => createCors(options) as CorsCandidate<unknown>

function preflight(candidates: readonly CorsCandidate<unknown>[], origin = A, acrm = 'PUT', acrh?: string) {
  return decideAmong(candidates, 'OPTIONS', origin, acrm, acrh, undefined, null) as CorsDecision | undefined
}

describe('decideAmong: a preflight several handlers could serve (§7a)', () => {
  it('passes on untouched when no candidate has CORS', () => {
    expect(preflight([null, null])).toBeUndefined()
  })

  it('gives the common answer when every candidate allows it alike, with every Vary token', () => {
    const v1 = policy({ origin: [A, B] })
    const v2 = policy({ origin: [A], privateNetwork: true })
    const d = preflight([v1, v2])!
    expect(d).toMatchObject({ kind: 'preflight', allowed: true, status: 204 })
    expect(Object.fromEntries(d.headers)['access-control-allow-origin']).toBe(A)
    expect(d.vary).toBe(
      'Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network',
    )
  })

  it('refuses with the first refusing policy, whose onReject alone hears it', () => {
    const first = vi.fn()
    const second = vi.fn()
    const d = preflight(
      [
        policy({ origin: [A] }),
        policy({ origin: [B], onReject: first }),
        policy({ origin: [B], onReject: second }),
      ],
      A,
    )!
    expect(d).toMatchObject({ allowed: false, reason: 'origin', status: 403 })
    expect(first).toHaveBeenCalledTimes(1)
    expect(second).not.toHaveBeenCalled()
  })

  it('refuses with a bare 403 when the allowed answers differ (a browser would cache the first)', () => {
    const d = preflight([
      policy({ origin: [A], methods: ['PUT'] }),
      policy({ origin: [A], methods: ['PUT', 'DELETE'] }),
    ])!
    expect(d).toMatchObject({ kind: 'preflight', allowed: false, respond: true, status: 403 })
    expect(d.headers).toEqual([['content-length', '0']])
    expect(d.vary).toBe('Origin, Access-Control-Request-Method, Access-Control-Request-Headers')
  })

  it('refuses with a bare 403 when some candidates have CORS and some have none', () => {
    const d = preflight([policy({ origin: [A] }), null])!
    expect(d).toMatchObject({ allowed: false, status: 403, headers: [['content-length', '0']] })
  })

  it('asks the same policy once, even when it serves several candidates', () => {
    const fn = vi.fn(() => true)
    const shared = policy({ origin: fn })
    expect(preflight([shared, shared])).toMatchObject({ allowed: true })
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('stays synchronous for static policies and waits for async ones', async () => {
    const sync = policy({ origin: [A] })
    const slow = policy({ origin: async (o: string) => o === A })
    expect(preflight([sync, sync])).not.toBeInstanceOf(Promise)
    const pending = decideAmong([sync, slow], 'OPTIONS', A, 'PUT', undefined, undefined, null)
    expect(pending).toBeInstanceOf(Promise)
    expect(await pending).toMatchObject({ allowed: true })
    expect(await decideAmong([slow, sync], 'OPTIONS', B, 'PUT', undefined, undefined, null)).toMatchObject({
      allowed: false,
      reason: 'origin',
    })
  })

  it('never answers an actual request with a 403: disagreeing candidates leave it without CORS headers', () => {
    const d = decideAmong(
      [policy({ origin: [A] }), policy({ origin: [A], credentials: true })],
      'GET',
      A,
      undefined,
      undefined,
      undefined,
      null,
    ) as CorsDecision
    expect(d).toMatchObject({ kind: 'actual', allowed: false, respond: false, headers: [] })
    expect(d.vary).toBe('Origin')
  })
})
