import { describe, expect, it, vi } from 'vitest'
import { type CorsDecision, type CorsOptions, type CorsRejection, createCors } from '../src/index'

// semantics.md §2: with credentials, `Origin: null` is never allowed — any sandboxed page
// sends it — whatever approved it, and an origin function is not even asked.

const ACAO = 'access-control-allow-origin'

function run(options: CorsOptions, kind: 'actual' | 'preflight') {
  const calls: CorsRejection[] = []
  const cors = createCors({ ...options, onReject: (r) => void calls.push(r) })
  const decision = (
    kind === 'actual'
      ? cors.decide('GET', 'null', undefined, undefined, undefined, null)
      : cors.decide('OPTIONS', 'null', 'PUT', 'x-a', undefined, null)
  ) as CorsDecision
  return { decision, calls }
}

describe('Origin: null with credentials (§2)', () => {
  const approvers: [string, () => CorsOptions['origin']][] = [
    ['a function approving everything', () => vi.fn(() => true)],
    ['an async function approving everything', () => vi.fn(async () => true)],
    ['a RegExp matching null', () => /^(?:null|https:\/\/a\.example\.com)$/],
    ['an array whose RegExp matches null', () => ['https://b.example.com', /^null$/]],
  ]

  describe.each(['actual', 'preflight'] as const)('%s', (kind) => {
    it.each(approvers)('is refused with reason origin when %s', (_, make) => {
      const origin = make()
      const { decision, calls } = run({ origin, credentials: true }, kind)
      // Refused synchronously: the function is never asked, so nothing is awaited.
      expect(decision).not.toBeInstanceOf(Promise)
      expect(decision).toMatchObject({
        kind,
        allowed: false,
        reason: 'origin',
        headers: kind === 'preflight' ? [['content-length', '0']] : [],
      })
      if (kind === 'preflight') expect(decision).toMatchObject({ status: 403, respond: true })
      if (typeof origin === 'function') expect(origin).not.toHaveBeenCalled()
      expect(calls).toEqual([
        {
          kind,
          reason: 'origin',
          origin: 'null',
          method: kind === 'actual' ? 'GET' : 'OPTIONS',
          ...(kind === 'preflight' && { requestMethod: 'PUT' }),
          message: expect.stringContaining('never allowed with credentials'),
        },
      ])
    })

    it.each(approvers)('is still allowed without credentials when %s', async (_, make) => {
      const { decision, calls } = run({ origin: make() }, kind)
      expect(await decision).toMatchObject({ kind, allowed: true })
      expect(Object.fromEntries((await decision).headers)[ACAO]).toBe('null')
      expect(calls).toEqual([])
    })
  })

  it('the same function still grants real origins with credentials', () => {
    const cors = createCors({ origin: () => true, credentials: true })
    const d = cors.decide(
      'GET',
      'https://a.example.com',
      undefined,
      undefined,
      undefined,
      null,
    ) as CorsDecision
    expect(Object.fromEntries(d.headers)).toEqual({
      [ACAO]: 'https://a.example.com',
      'access-control-allow-credentials': 'true',
    })
  })

  it('on the Web path: a bare 403 for the preflight, no CORS headers on the actual response', async () => {
    const cors = createCors({ origin: () => true, credentials: true })
    const next = vi.fn(() => new Response('app'))
    const preflight = await cors.handle(
      new Request('http://api.test/', {
        method: 'OPTIONS',
        headers: { origin: 'null', 'access-control-request-method': 'PUT' },
      }),
      next,
    )
    expect(preflight.status).toBe(403)
    expect(preflight.headers.get(ACAO)).toBeNull()
    const actual = await cors.handle(new Request('http://api.test/', { headers: { origin: 'null' } }), next)
    expect(await actual.text()).toBe('app')
    expect(actual.headers.get(ACAO)).toBeNull()
    expect(actual.headers.get('access-control-allow-credentials')).toBeNull()
    expect(next).toHaveBeenCalledTimes(1)
  })
})
