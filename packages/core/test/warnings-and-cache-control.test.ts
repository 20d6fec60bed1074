import { describe, expect, it, vi } from 'vitest'
import { CorsConfigError, type CorsDecision, createCors, validateOptions } from '../src/index'

const A = 'https://a.example.com'
const header = (d: CorsDecision, name: string) => d.headers.find(([n]) => n === name)?.[1]
const preflight = (cors: ReturnType<typeof createCors>, origin: string, acrm = 'PUT', acrh?: string) =>
  cors.decide('OPTIONS', origin, acrm, acrh, undefined, null) as CorsDecision

describe('warnings: legal but surprising settings', () => {
  it('are returned only when asked for, after the errors, each with a severity', () => {
    const options = { origin: [A], maxAge: 86_400, methods: ['GET', 'patch', 'FROB'] }
    expect(validateOptions(options)).toEqual([])
    const all = validateOptions({ ...options, credentials: 'yes' }, { warnings: true })
    expect(all.map((i) => [i.severity, i.code, i.path])).toEqual([
      ['error', 'invalid-option-type', 'credentials'],
      ['warning', 'max-age-capped', 'maxAge'],
      ['warning', 'unroutable-method', 'methods[1]'],
      ['warning', 'unroutable-method', 'methods[2]'],
    ])
    expect(all[1]!.message).toContain('Chromium caps it at 7200 s and WebKit (Safari) at 600 s')
    expect(all[2]!.message).toContain('write "PATCH"')
  })

  it.each([
    [{ maxAge: 601 }, 'max-age-capped'],
    [{ methods: 'GET,QUERY,SEARCH' }, undefined],
    [{ methods: ['BREW'] }, 'unroutable-method'],
    [{ cacheControl: 60, preflightContinue: true }, 'cache-control-ignored'],
    [{ exposedHeaders: ['Content-Type', 'x-request-id'] }, 'safelisted-exposed-header'],
    [{ maxAge: 600, methods: '*' }, undefined],
  ])('%j → %s', (options, code) => {
    const warnings = validateOptions({ origin: [A], ...options }, { warnings: true })
    expect(warnings.map((w) => w.code)).toEqual(code ? [code] : [])
  })

  it('never make createCors throw; onWarning hears each once, and its errors are swallowed', () => {
    const onWarning = vi.fn(() => {
      throw new Error('logger down')
    })
    expect(() => createCors({ origin: [A], maxAge: 86_400, methods: ['patch'], onWarning })).not.toThrow()
    expect(onWarning).toHaveBeenCalledTimes(2)
  })

  it('CorsConfigError holds errors only', () => {
    const issues = validateOptions({ origin: true, maxAge: 86_400 }, { warnings: true })
    const error = new CorsConfigError(issues)
    expect(error.issues.map((i) => i.code)).toEqual(['invalid-option-type'])
    expect(() => createCors({ origin: true as never, maxAge: 86_400 })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ severity: 'error' })] }),
    )
  })
})

describe('cacheControl: preflights a shared cache may keep', () => {
  it('writes public, max-age=N on allowed preflights, precomputed and shared', () => {
    const cors = createCors({ origin: [A], cacheControl: 600, maxAge: 600 })
    const d = preflight(cors, A)
    expect(d.allowed).toBe(true)
    expect(header(d, 'cache-control')).toBe('public, max-age=600')
    // Every request-dependent header is named, the private-network one included.
    expect(d.vary).toBe(
      'Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network',
    )
    expect(preflight(cors, A)).toBe(d)
  })

  it('writes a string as is', () => {
    const cors = createCors({ origin: '*', cacheControl: 'public, s-maxage=3600, max-age=60' })
    expect(header(preflight(cors, A), 'cache-control')).toBe('public, s-maxage=3600, max-age=60')
  })

  it('makes refusals no-store (403s, and debug answers that are 2xx)', () => {
    const cors = createCors({ origin: [A], methods: ['GET'], cacheControl: 600, debug: true })
    expect(header(preflight(cors, 'https://evil.example'), 'cache-control')).toBe('no-store')
    const debug = preflight(cors, A, 'PUT')
    expect(debug).toMatchObject({ allowed: false, status: 204 })
    expect(header(debug, 'cache-control')).toBe('no-store')
  })

  it('leaves actual requests, preflightContinue and policies without it alone', () => {
    const cors = createCors({ origin: [A], cacheControl: 600 })
    const d = cors.decide('GET', A, undefined, undefined, undefined, null) as CorsDecision
    expect(header(d, 'cache-control')).toBeUndefined()
    const continued = createCors({ origin: [A], cacheControl: 600, preflightContinue: true })
    expect(header(preflight(continued, A), 'cache-control')).toBeUndefined()
    const plain = createCors({ origin: [A] })
    expect(header(preflight(plain, 'https://evil.example'), 'cache-control')).toBeUndefined()
    expect(preflight(plain, A).vary).toBe(
      'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    )
  })

  it.each([
    [-1, 'invalid-cache-control'],
    [1.5, 'invalid-cache-control'],
    [31_536_001, 'invalid-cache-control'],
    ['', 'invalid-cache-control'],
    [' max-age=60', 'invalid-cache-control'],
    ['max-age=60\r\nset-cookie: a=b', 'invalid-cache-control'],
    [true, 'invalid-option-type'],
  ])('refuses %j with %s', (cacheControl, code) => {
    expect(validateOptions({ origin: [A], cacheControl }).map((i) => i.code)).toEqual([code])
  })
})
