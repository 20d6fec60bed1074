import { describe, expect, it, vi } from 'vitest'
import { isCrossSite } from '../src/csrf'
import {
  type CorsDecision,
  type CorsOptions,
  type CorsRejection,
  createCors,
  validateOptions,
} from '../src/index'

const APP = 'https://app.example.com'
const API_HOST = 'api.example.com'
const EVIL = 'https://evil.example.net'

function decide(
  options: CorsOptions,
  method: string,
  origin: string | undefined,
  site: string | undefined,
  host: string | undefined = API_HOST,
) {
  return createCors(options).decide(
    method,
    origin,
    undefined,
    undefined,
    undefined,
    null,
    site,
    host,
  ) as CorsDecision
}

const policy: CorsOptions = { origin: [APP], credentials: true, csrf: true }
const FORGERY = { kind: 'actual', allowed: false, reason: 'csrf', respond: true, status: 403 }

describe('csrf: semantics.md §10, row by row', () => {
  it.each([
    ['Sec-Fetch-Site: same-origin', 'same-origin', EVIL],
    ['Sec-Fetch-Site: none (typed into the address bar)', 'none', undefined],
  ])('passes %s', (_, site, origin) => {
    expect(decide(policy, 'POST', origin, site).respond).toBe(false)
  })

  it.each(['same-site', 'cross-site'])(
    'passes Sec-Fetch-Site: %s from an allowed Origin, with its CORS headers',
    (site) => {
      const d = decide(policy, 'POST', APP, site)
      expect(d).toMatchObject({ kind: 'actual', allowed: true, respond: false })
      expect(Object.fromEntries(d.headers)['access-control-allow-origin']).toBe(APP)
    },
  )

  it.each([
    ['same-site', EVIL],
    ['cross-site', EVIL],
    ['cross-site', undefined],
    ['cross-site', 'null'],
    ['same-site', undefined],
  ])('refuses Sec-Fetch-Site: %s with Origin %s', (site, origin) => {
    const d = decide(policy, 'POST', origin, site)
    expect(d).toMatchObject(FORGERY)
    expect(d.headers).toEqual([['content-length', '0']])
    expect(d.vary).toBe('Origin')
  })

  it('counts an unknown Sec-Fetch-Site value (or several lines) as cross-site', () => {
    expect(decide(policy, 'POST', EVIL, 'cross-origin')).toMatchObject(FORGERY)
    expect(decide(policy, 'POST', EVIL, 'same-origin, cross-site')).toMatchObject(FORGERY)
    expect(decide(policy, 'POST', APP, 'something-new').allowed).toBe(true)
  })

  it('passes no Sec-Fetch-Site and no Origin (curl, servers, old clients)', () => {
    expect(decide(policy, 'POST', undefined, undefined)).toMatchObject({ kind: 'not-cors', respond: false })
  })

  it.each([
    ['https://api.example.com', 'api.example.com'],
    ['https://api.example.com', 'api.example.com:443'],
    ['http://api.example.com', 'api.example.com:80'],
    ['http://127.0.0.1:3001', '127.0.0.1:3001'],
    ['https://API.example.com', 'api.EXAMPLE.com'],
    ['http://[::1]:8080', '[::1]:8080'],
  ])('passes no Sec-Fetch-Site and an Origin %s on its own Host %s', (origin, host) => {
    expect(decide(policy, 'PUT', origin, undefined, host).respond).toBe(false)
  })

  it.each([
    [EVIL, API_HOST],
    ['null', API_HOST],
    ['https://api.example.com:8443', API_HOST],
    ['https://api.example.com', 'api.example.com:8443'],
    ['http://127.0.0.1:3002', '127.0.0.1:3001'],
    ['https://api.example.com.evil.net', API_HOST],
  ])('refuses no Sec-Fetch-Site and an Origin %s not allowed, against Host %s', (origin, host) => {
    expect(decide(policy, 'DELETE', origin, undefined, host)).toMatchObject(FORGERY)
  })

  it('refuses no Sec-Fetch-Site and an Origin not allowed when the request names no host', () => {
    const cors = createCors(policy)
    expect(
      cors.decide(
        'POST',
        'https://api.example.com',
        undefined,
        undefined,
        undefined,
        null,
        undefined,
        undefined,
      ),
    ).toMatchObject(FORGERY)
  })

  it('passes no Sec-Fetch-Site and an allowed Origin from another host', () => {
    expect(decide(policy, 'POST', APP, undefined).allowed).toBe(true)
  })

  it.each(['GET', 'HEAD', 'OPTIONS'])('never refuses %s, whatever its origin', (method) => {
    expect(decide(policy, method, EVIL, 'cross-site').respond).toBe(false)
  })

  it('treats any other method as unsafe, case and all (fetch keeps `patch` as written)', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'patch', 'QUERY', 'get'])
      expect(decide(policy, method, EVIL, 'cross-site')).toMatchObject(FORGERY)
  })
})

describe('csrf: reporting, report-only mode, host header', () => {
  it('tells onReject once, as csrf (never also as origin), with a message naming the origin and the fix', () => {
    const onReject = vi.fn<(r: CorsRejection) => void>()
    decide({ ...policy, onReject }, 'POST', EVIL, 'cross-site')
    expect(onReject).toHaveBeenCalledTimes(1)
    const rejection = onReject.mock.calls[0]![0]
    expect(rejection).toMatchObject({ kind: 'actual', reason: 'csrf', origin: EVIL, method: 'POST' })
    expect(rejection.requestMethod).toBeUndefined()
    expect(rejection.message).toContain(EVIL)
    expect(rejection.message).toMatch(/origin option|csrf off/)
    onReject.mockClear()
    decide({ ...policy, onReject }, 'POST', EVIL, 'same-origin')
    expect(onReject.mock.calls.map(([r]) => r.reason)).toEqual(['origin'])
  })

  it('reportOnly decides and reports but lets the request through, as CORS alone would', () => {
    const onReject = vi.fn()
    const d = decide({ ...policy, csrf: { reportOnly: true }, onReject }, 'POST', EVIL, 'cross-site')
    expect(d).toMatchObject({ kind: 'actual', allowed: false, reason: 'origin', respond: false, headers: [] })
    expect(onReject.mock.calls.map(([r]) => r.reason)).toEqual(['csrf'])
    const none = decide({ ...policy, csrf: { reportOnly: true }, onReject }, 'POST', undefined, 'cross-site')
    expect(none).toMatchObject({ kind: 'not-cors', respond: false })
  })

  it('tells adapters which host header to read, only when csrf is on', () => {
    expect(createCors({ origin: [APP] }).csrf).toBeUndefined()
    expect(createCors(policy).csrf).toEqual({ hostHeader: 'host' })
    expect(createCors({ ...policy, csrf: { hostHeader: 'X-Forwarded-Host' } }).csrf).toEqual({
      hostHeader: 'x-forwarded-host',
    })
  })

  it('asks an async origin function once, on the cross-site path too', async () => {
    const fn = vi.fn(async (o: string) => o === APP)
    const cors = createCors({ origin: fn, csrf: true })
    await expect(
      cors.decide('POST', EVIL, undefined, undefined, undefined, null, 'cross-site', API_HOST),
    ).resolves.toMatchObject(FORGERY)
    await expect(
      cors.decide('POST', APP, undefined, undefined, undefined, null, 'cross-site', API_HOST),
    ).resolves.toMatchObject({ allowed: true })
    expect(fn).toHaveBeenCalledTimes(2)
  })

  it('is refused as a forgery on the Web path: 403, empty body, handler not called', async () => {
    const cors = createCors(policy)
    const next = vi.fn(() => new Response('ran'))
    const forged = await cors.handle(
      new Request('https://api.example.com/transfer', {
        method: 'POST',
        headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      }),
      next,
    )
    expect(forged.status).toBe(403)
    expect(await forged.text()).toBe('')
    expect(forged.headers.get('access-control-allow-origin')).toBeNull()
    expect(next).not.toHaveBeenCalled()
    // Without Sec-Fetch-Site, the URL's host stands for Host (a Request has no Host header).
    const sameHost = await cors.handle(
      new Request('https://api.example.com/transfer', {
        method: 'POST',
        headers: { origin: 'https://api.example.com' },
      }),
      next,
    )
    expect(sameHost.status).toBe(200)
    expect(next).toHaveBeenCalledTimes(1)
  })
})

describe('csrf: validation (§3)', () => {
  it.each([
    [{ csrf: true }, 'csrf-with-wildcard'],
    [{ origin: '*', csrf: { reportOnly: true } }, 'csrf-with-wildcard'],
    [{ origin: [APP], csrf: 'yes' }, 'invalid-option-type'],
    [{ origin: [APP], csrf: { reportonly: true } }, 'unknown-option'],
    [{ origin: [APP], csrf: { reportOnly: 1 } }, 'invalid-option-type'],
    [{ origin: [APP], csrf: { hostHeader: 'x forwarded' } }, 'invalid-header-name'],
    [{ origin: [APP], csrf: { hostHeader: 'origin' } }, 'invalid-header-name'],
  ])('refuses %j with %s', (options, code) => {
    const issues = validateOptions(options)
    expect(issues.map((i) => i.code)).toContain(code)
    expect(() => createCors(options as CorsOptions)).toThrow()
  })

  it('says "unset environment variable?" when origin is explicitly undefined', () => {
    const [first] = validateOptions({ origin: undefined, csrf: true })
    expect(first?.message).toMatch(/unset environment variable/)
  })

  it('accepts csrf: false with any origin', () => {
    expect(validateOptions({ origin: '*', csrf: false })).toEqual([])
  })
})

describe('isCrossSite', () => {
  it('reads Sec-Fetch-Site first, then Origin against Host', () => {
    expect(isCrossSite('same-origin', EVIL, API_HOST)).toBe(false)
    expect(isCrossSite('cross-site', undefined, API_HOST)).toBe(true)
    expect(isCrossSite(undefined, undefined, undefined)).toBe(false)
    expect(isCrossSite(undefined, 'ftp://api.example.com', API_HOST)).toBe(true)
  })
})
