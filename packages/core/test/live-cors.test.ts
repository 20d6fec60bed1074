import { describe, expect, it, vi } from 'vitest'
import {
  CorsConfigError,
  type CorsDecision,
  type CorsOptions,
  createCors,
  createLiveCors,
  decideAmong,
  isCorsPolicy,
} from '../src/index'
import { decideNode } from '../src/node'

const A = 'https://a.example.com'
const B = 'https://b.example.com'
const acao = (d: CorsDecision) => d.headers.find(([n]) => n === 'access-control-allow-origin')?.[1]
const actual = (cors: { decide: (...a: any[]) => unknown }, origin: string) =>
  cors.decide('GET', origin, undefined, undefined, undefined, null) as CorsDecision

describe('createLiveCors', () => {
  it('swaps the whole policy in one step', () => {
    const live = createLiveCors({ origin: [A] })
    expect(acao(actual(live, A))).toBe(A)
    expect(actual(live, B).allowed).toBe(false)
    live.reconfigure({ origin: [B], credentials: true })
    expect(actual(live, A).allowed).toBe(false)
    const d = actual(live, B)
    expect(acao(d)).toBe(B)
    expect(d.headers).toContainEqual(['access-control-allow-credentials', 'true'])
    expect(live.generation).toBe(2)
  })

  it('keeps the old policy when the new one is invalid', () => {
    const live = createLiveCors({ origin: [A] })
    expect(() => live.reconfigure({ origin: 'https://a.com/' })).toThrow(CorsConfigError)
    expect(() => live.reconfigure({ origin: '*', credentials: true })).toThrow(CorsConfigError)
    expect(acao(actual(live, A))).toBe(A)
    expect(live.generation).toBe(1)
  })

  it('refuses to wrap a built policy', () => {
    const live = createLiveCors({ origin: [A] })
    expect(() => live.reconfigure(createCors({ origin: [B] }) as never)).toThrow(TypeError)
    expect(() => createLiveCors(live as never)).toThrow(TypeError)
  })

  it('is taken as is wherever options are (createCors returns the same object)', () => {
    const live = createLiveCors({ origin: [A] })
    expect(isCorsPolicy(live)).toBe(true)
    expect(createCors(live)).toBe(live)
    const fixed = createCors({ origin: [A] })
    expect(isCorsPolicy(fixed)).toBe(true)
    expect(createCors(fixed)).toBe(fixed)
    expect(isCorsPolicy({ origin: [A] })).toBe(false)
  })

  it('keeps csrf and mayBeAsync consistent with the current policy', () => {
    // Typed with CorsOptions: the live policy may turn async when reconfigured.
    const options: CorsOptions = { origin: [A] }
    const live = createLiveCors(options)
    expect(live.csrf).toBeUndefined()
    expect(live.mayBeAsync).toBe(false)
    live.reconfigure({ origin: [A], csrf: { hostHeader: 'x-forwarded-host' } })
    expect(live.csrf).toEqual({ hostHeader: 'x-forwarded-host' })
    // The glue reads csrf and then decides through the same generation.
    const forged = decideNode(
      live,
      'POST',
      { origin: B, 'sec-fetch-site': 'cross-site' },
      null,
    ) as CorsDecision
    expect(forged).toMatchObject({ allowed: false, reason: 'csrf', respond: true })
    live.reconfigure({ origin: async (o: string) => o === B })
    expect(live.mayBeAsync).toBe(true)
    expect(live.csrf).toBeUndefined()
  })

  it('lets a decision already under way finish with the policy it started with', async () => {
    let release!: (ok: boolean) => void
    const live = createLiveCors<unknown>({
      origin: (o: string) => (o === A ? new Promise<boolean>((r) => (release = r)) : false),
    })
    const pending = live.decide('GET', A, undefined, undefined, undefined, null)
    live.reconfigure({ origin: [B] })
    release(true)
    expect(acao(await pending)).toBe(A)
    expect(actual(live, A).allowed).toBe(false)
  })

  it('decides through decideAmong and the Web path', async () => {
    const live = createLiveCors({ origin: [A] })
    const preflight = () =>
      decideAmong([live], 'OPTIONS', B, 'PUT', undefined, undefined, null) as CorsDecision
    expect(preflight().allowed).toBe(false)
    live.reconfigure({ origin: [B] })
    expect(preflight().allowed).toBe(true)
    const next = vi.fn(() => new Response('ok'))
    const res = await live.handle(new Request('http://api.test/', { headers: { origin: B } }), next)
    expect(res.headers.get('access-control-allow-origin')).toBe(B)
  })

  it('reports warnings of every generation through onWarning', () => {
    const onWarning = vi.fn()
    const live = createLiveCors({ origin: [A], maxAge: 3600, onWarning })
    expect(onWarning).toHaveBeenCalledTimes(1)
    live.reconfigure({ origin: [A], maxAge: 86_400, onWarning })
    expect(onWarning).toHaveBeenCalledTimes(2)
    expect(onWarning.mock.calls[1]![0]).toMatchObject({ code: 'max-age-capped', severity: 'warning' })
  })
})
