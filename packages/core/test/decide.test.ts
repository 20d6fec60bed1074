import { describe, expect, it, vi } from 'vitest'
import { type CorsDecision, type CorsOptions, type CorsRejection, createCors } from '../src/index'

const A = 'https://a.com'
const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'

function decide(
  options: CorsOptions,
  method: string,
  origin?: string,
  acrm?: string,
  acrh?: string,
  acrpn?: string,
) {
  return createCors(options).decide(method, origin, acrm, acrh, acrpn, undefined) as CorsDecision
}
const headersOf = (d: CorsDecision) => Object.fromEntries(d.headers)

describe('classification (§1)', () => {
  it('no Origin, or an empty one, is not CORS', () => {
    for (const origin of [undefined, '']) {
      const d = decide({ origin: A }, 'GET', origin)
      expect(d).toMatchObject({
        kind: 'not-cors',
        allowed: true,
        respond: false,
        headers: [],
        vary: 'Origin',
      })
    }
  })
  it('OPTIONS with a non-empty ACRM is a preflight; without one, or empty, it is actual', () => {
    expect(decide({ origin: A }, 'OPTIONS', A, 'PUT').kind).toBe('preflight')
    expect(decide({ origin: A }, 'OPTIONS', A).kind).toBe('actual')
    expect(decide({ origin: A }, 'OPTIONS', A, '').kind).toBe('actual')
    expect(decide({ origin: A }, 'GET', A, 'PUT').kind).toBe('actual')
  })
  it("origin '*' answers not-CORS requests with ACAO * and ACEH, and no Vary", () => {
    const d = decide({ exposedHeaders: ['x-total'] }, 'GET')
    expect(d.headers).toEqual([
      ['access-control-allow-origin', '*'],
      ['access-control-expose-headers', 'x-total'],
    ])
    expect(d.vary).toBeUndefined()
  })
})

describe('actual requests (§4)', () => {
  it('reflects an allowed origin with credentials and exposed headers', () => {
    const d = decide({ origin: [A], credentials: true, exposedHeaders: 'X-Total, X-Page' }, 'POST', A)
    expect(d).toMatchObject({ kind: 'actual', allowed: true, respond: false, vary: 'Origin' })
    expect(d.headers).toEqual([
      ['access-control-allow-origin', A],
      ['access-control-allow-credentials', 'true'],
      ['access-control-expose-headers', 'X-Total,X-Page'],
    ])
  })
  it('a refused origin gets no CORS headers but still varies on Origin', () => {
    const d = decide({ origin: [A], credentials: true }, 'GET', 'https://b.com')
    expect(d).toMatchObject({ kind: 'actual', allowed: false, reason: 'origin', headers: [], vary: 'Origin' })
  })
  it("origin '*' never reflects", () => {
    expect(headersOf(decide({}, 'GET', A))['access-control-allow-origin']).toBe('*')
  })
})

describe('preflights (§5)', () => {
  const policy: CorsOptions = { origin: A, allowedHeaders: ['Content-Type', 'X-Api-Key'], maxAge: 600 }

  it('answers an allowed preflight with the configured lists', () => {
    const d = decide(policy, 'OPTIONS', A, 'PUT', 'x-api-key,content-type')
    expect(d).toMatchObject({
      kind: 'preflight',
      allowed: true,
      respond: true,
      status: 204,
      vary: PREFLIGHT_VARY,
    })
    expect(d.headers).toEqual([
      ['access-control-allow-origin', A],
      ['access-control-allow-methods', 'GET,HEAD,PUT,PATCH,POST,DELETE'],
      ['access-control-allow-headers', 'Content-Type,X-Api-Key'],
      ['access-control-max-age', '600'],
    ])
  })
  it('sends ACAH only when ACRH has a name, and max-age 0 as 0', () => {
    const d = decide({ origin: A, maxAge: 0 }, 'OPTIONS', A, 'PUT', ' , ,')
    expect(headersOf(d)).toEqual({
      'access-control-allow-origin': A,
      'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
      'access-control-max-age': '0',
    })
  })
  it('trims, lower-cases and skips empty ACRH elements, over several lines', () => {
    const d = decide(policy, 'OPTIONS', A, 'PUT', ' X-API-KEY ,\t,Content-Type\t, x-api-key')
    expect(d.allowed).toBe(true)
  })
  it("'*' headers: *, or *,authorization when asked; credentials reflect the lower-cased names", () => {
    expect(headersOf(decide({ origin: A }, 'OPTIONS', A, 'PUT', 'X-A'))['access-control-allow-headers']).toBe(
      '*',
    )
    expect(
      headersOf(decide({ origin: A }, 'OPTIONS', A, 'PUT', 'X-A, Authorization'))[
        'access-control-allow-headers'
      ],
    ).toBe('*,authorization')
    expect(
      headersOf(decide({ origin: A, credentials: true }, 'OPTIONS', A, 'PUT', 'X-A, Authorization'))[
        'access-control-allow-headers'
      ],
    ).toBe('x-a,authorization')
  })
  it("'*' methods: * without credentials, the requested method with them", () => {
    expect(
      headersOf(decide({ origin: A, methods: '*' }, 'OPTIONS', A, 'PURGE'))['access-control-allow-methods'],
    ).toBe('*')
    expect(
      headersOf(decide({ origin: A, methods: ['*'], credentials: true }, 'OPTIONS', A, 'PURGE'))[
        'access-control-allow-methods'
      ],
    ).toBe('PURGE')
  })
  it('upper-cases the six Fetch methods in the config and keeps the rest byte for byte', () => {
    const cfg = { origin: A, methods: ['put', 'patch'] }
    expect(headersOf(decide(cfg, 'OPTIONS', A, 'PUT'))['access-control-allow-methods']).toBe('PUT,patch')
    expect(decide(cfg, 'OPTIONS', A, 'patch').allowed).toBe(true)
    expect(decide(cfg, 'OPTIONS', A, 'PATCH')).toMatchObject({ allowed: false, reason: 'method' })
  })
  it('GET, HEAD and POST are always allowed', () => {
    for (const m of ['GET', 'HEAD', 'POST'])
      expect(decide({ origin: A, methods: ['PUT'] }, 'OPTIONS', A, m).allowed).toBe(true)
  })
  it('uses optionsSuccessStatus and, with preflightContinue, passes the request on', () => {
    expect(decide({ origin: A, optionsSuccessStatus: 200 }, 'OPTIONS', A, 'PUT')).toMatchObject({
      status: 200,
      respond: true,
    })
    expect(decide({ origin: A, preflightContinue: true }, 'OPTIONS', A, 'PUT')).toMatchObject({
      allowed: true,
      respond: false,
    })
    expect(decide({ origin: A, preflightContinue: true }, 'OPTIONS', 'https://b.com', 'PUT')).toMatchObject({
      allowed: false,
      respond: true,
      status: 403,
    })
  })

  it.each([
    ['origin', { origin: A }, 'https://b.com', 'GET, PUT', 'bad name'],
    ['malformed', { origin: A }, A, 'GET, PUT', undefined],
    ['malformed', { origin: A }, A, 'PUT', 'x-a, bad name'],
    ['malformed', { origin: A }, A, 'PUT', Array.from({ length: 65 }, (_, i) => `x-${i}`).join(',')],
    ['malformed', { origin: A }, A, 'PUT', `x-${'a'.repeat(1023)}`],
    ['method', { origin: A, methods: ['PUT'], allowedHeaders: ['x-a'] }, A, 'DELETE', 'x-b'],
    ['header', { origin: A, allowedHeaders: ['x-a'] }, A, 'PUT', 'x-a, X-B, x-c'],
    ['private-network', { origin: A, allowedHeaders: ['x-a'] }, A, 'PUT', 'x-a'],
  ] as const)(
    'refuses with reason %s (first failing part wins) as a bare 403',
    (reason, options, origin, acrm, acrh) => {
      const d = decide(options, 'OPTIONS', origin, acrm, acrh, 'true')
      expect(d).toMatchObject({
        kind: 'preflight',
        allowed: false,
        reason,
        respond: true,
        status: 403,
        headers: [['content-length', '0']],
      })
      expect(d.vary).toBe(PREFLIGHT_VARY)
    },
  )

  it('puts Content-Length: 0 into every preflight it answers, except a 204 (RFC 9110 §8.6)', () => {
    const lengthOf = (d: CorsDecision) => headersOf(d)['content-length']
    expect(lengthOf(decide({ origin: A }, 'OPTIONS', A, 'PUT'))).toBeUndefined()
    expect(lengthOf(decide({ origin: A, optionsSuccessStatus: 200 }, 'OPTIONS', A, 'PUT'))).toBe('0')
    expect(lengthOf(decide({ origin: A }, 'OPTIONS', 'https://b.com', 'PUT'))).toBe('0')
    const passedOn = decide(
      { origin: A, optionsSuccessStatus: 200, preflightContinue: true },
      'OPTIONS',
      A,
      'PUT',
    )
    expect(passedOn.respond).toBe(false)
    expect(lengthOf(passedOn)).toBeUndefined()
    const debug = { origin: A, methods: ['PUT'], optionsSuccessStatus: 200, debug: true }
    expect(lengthOf(decide(debug, 'OPTIONS', A, 'DELETE'))).toBe('0')
    expect(lengthOf(decide({ origin: A }, 'GET', A, undefined))).toBeUndefined()
  })

  it('private network: only an exact single "true" counts; ACAPN and its Vary when enabled', () => {
    const d = decide({ origin: A, privateNetwork: true }, 'OPTIONS', A, 'GET', undefined, 'true')
    expect(headersOf(d)['access-control-allow-private-network']).toBe('true')
    expect(d.vary).toBe(`${PREFLIGHT_VARY}, Access-Control-Request-Private-Network`)
    expect(decide({ origin: A }, 'OPTIONS', A, 'GET', undefined, 'true, true').allowed).toBe(true)
    expect(decide({ origin: A }, 'OPTIONS', A, 'GET', undefined, 'TRUE').allowed).toBe(true)
    expect(
      headersOf(decide({ origin: A, privateNetwork: true }, 'OPTIONS', A, 'GET', undefined, 'true, true'))[
        'access-control-allow-private-network'
      ],
    ).toBeUndefined()
  })

  it('debug answers method and header refusals with the parts that passed, never ACMA or ACAPN', () => {
    const cfg = {
      origin: A,
      credentials: true,
      methods: ['PUT'],
      allowedHeaders: ['x-a'],
      maxAge: 60,
      debug: true,
    }
    const d = decide(cfg, 'OPTIONS', A, 'DELETE', 'x-a')
    expect(d).toMatchObject({ allowed: false, reason: 'method', respond: true, status: 204 })
    expect(d.headers).toEqual([
      ['access-control-allow-origin', A],
      ['access-control-allow-credentials', 'true'],
      ['access-control-allow-methods', 'PUT'],
      ['access-control-allow-headers', 'x-a'],
    ])
    expect(headersOf(decide(cfg, 'OPTIONS', A, 'PUT'))['access-control-allow-headers']).toBeUndefined()
    expect(decide(cfg, 'OPTIONS', A, 'PUT', 'x-b')).toMatchObject({ reason: 'header', status: 204 })
    for (const [origin, acrm] of [
      ['https://b.com', 'PUT'],
      [A, 'P UT'],
    ]) {
      expect(decide(cfg, 'OPTIONS', origin, acrm)).toMatchObject({
        status: 403,
        headers: [['content-length', '0']],
      })
    }
  })
})

describe('allocation-light fast path', () => {
  it('returns the same frozen decision for repeated requests from a listed origin', () => {
    const cors = createCors({
      origin: [A, 'https://b.com'],
      credentials: true,
      maxAge: 600,
      allowedHeaders: ['x-a', 'x-b'],
    })
    const first = cors.decide('GET', A, undefined, undefined, undefined, null)
    expect(cors.decide('GET', A, undefined, undefined, undefined, null)).toBe(first)
    expect(
      Object.isFrozen(first) && Object.isFrozen(first.headers) && Object.isFrozen(first.headers[0]),
    ).toBe(true)
    const pre = cors.decide('OPTIONS', A, 'PUT', 'x-a', undefined, null)
    expect(cors.decide('OPTIONS', A, 'DELETE', 'x-b', undefined, null)).toBe(pre)
    expect(cors.decide('OPTIONS', A, 'PUT', undefined, undefined, null)).not.toBe(pre)
    expect(cors.decide('GET', 'https://evil.com', undefined, undefined, undefined, null)).toBe(
      cors.decide('GET', 'https://evil2.com', undefined, undefined, undefined, null),
    )
  })
})

describe('origin functions', () => {
  it('are called with the origin and the native request; only true allows', () => {
    const request = { id: 1 }
    const fn = vi.fn((origin: string, req: unknown) => origin === A && req === request)
    const cors = createCors<typeof request>({ origin: fn })
    expect(cors.decide('GET', A, undefined, undefined, undefined, request).allowed).toBe(true)
    expect(fn).toHaveBeenCalledWith(A, request)
    const truthy = createCors({ origin: () => 'yes' as never })
    expect(truthy.decide('GET', A, undefined, undefined, undefined, null)).toMatchObject({ allowed: false })
  })
  it('are not called for an Origin over 1024 bytes or on several lines', () => {
    const fn = vi.fn(() => true)
    const cors = createCors({ origin: fn })
    expect(
      cors.decide('GET', `https://${'a'.repeat(1020)}.com`, undefined, undefined, undefined, null).allowed,
    ).toBe(false)
    expect(cors.decide('GET', `${A}, ${A}`, undefined, undefined, undefined, null).allowed).toBe(false)
    expect(fn).not.toHaveBeenCalled()
  })
  it('async: the decision is a promise only when the function returns one', async () => {
    const cors = createCors({ origin: async (o) => o === A, allowedHeaders: ['x-a'] })
    const pending = cors.decide('OPTIONS', A, 'PUT', 'x-a', undefined, null)
    expect(pending).toBeInstanceOf(Promise)
    expect(await pending).toMatchObject({ kind: 'preflight', allowed: true })
    expect(await cors.decide('GET', 'https://b.com', undefined, undefined, undefined, null)).toMatchObject({
      allowed: false,
    })
    expect(cors.mayBeAsync).toBe(true)
    expect(cors.decide('GET', undefined, undefined, undefined, undefined, null)).not.toBeInstanceOf(Promise)
  })
  it('a throwing or rejecting function propagates and onReject is not called', async () => {
    const onReject = vi.fn()
    const boom = new Error('db down')
    const sync = createCors({
      origin: () => {
        throw boom
      },
      onReject,
    })
    expect(() => sync.decide('GET', A, undefined, undefined, undefined, null)).toThrow(boom)
    const async = createCors({ origin: () => Promise.reject(boom), onReject })
    await expect(async.decide('GET', A, undefined, undefined, undefined, null)).rejects.toBe(boom)
    expect(onReject).not.toHaveBeenCalled()
  })
})

describe('onReject (§8)', () => {
  function record(options: CorsOptions) {
    const calls: CorsRejection[] = []
    const cors = createCors({ ...options, onReject: (r) => void calls.push(r) })
    return { calls, cors }
  }
  it('is called once per refused request with an actionable rejection', () => {
    const { calls, cors } = record({ origin: A, allowedHeaders: ['x-a'] })
    cors.decide('GET', 'https://b.com', undefined, undefined, undefined, null)
    cors.decide('OPTIONS', A, 'PUT', 'x-a, X-Secret', undefined, null)
    cors.decide('GET', A, undefined, undefined, undefined, null)
    cors.decide('GET', undefined, undefined, undefined, undefined, null)
    expect(calls).toHaveLength(2)
    expect(calls[0]).toEqual({
      kind: 'actual',
      reason: 'origin',
      origin: 'https://b.com',
      method: 'GET',
      message: expect.stringContaining('add it to the origin option'),
    })
    expect(calls[1]).toEqual({
      kind: 'preflight',
      reason: 'header',
      origin: A,
      method: 'OPTIONS',
      requestMethod: 'PUT',
      header: 'x-secret',
      message: expect.stringContaining('allowedHeaders'),
    })
  })
  it('cuts the origin to 1024 bytes and swallows errors and rejected promises', async () => {
    const long = `https://${'a'.repeat(2000)}.com`
    const seen: string[] = []
    const throwing = createCors({
      origin: A,
      onReject: (r) => {
        seen.push(r.origin)
        throw new Error('logger down')
      },
    })
    expect(throwing.decide('GET', long, undefined, undefined, undefined, null).allowed).toBe(false)
    expect(seen[0]).toHaveLength(1024)
    const rejecting = createCors({ origin: A, onReject: () => Promise.reject(new Error('logger down')) })
    expect(rejecting.decide('GET', 'https://b.com', undefined, undefined, undefined, null).allowed).toBe(
      false,
    )
    await new Promise((r) => setTimeout(r, 0))
  })
})

describe('hostile input (§7)', () => {
  it('a 100 KB ACRH is malformed; control bytes and non-ASCII never throw or grant', () => {
    const cors = createCors({ origin: [A, 'https://*.example.com'] })
    expect(cors.decide('OPTIONS', A, 'PUT', 'x,'.repeat(50_000), undefined, null)).toMatchObject({
      reason: 'malformed',
    })
    for (const evil of [
      'https://a.com\u0000',
      'https://ä.example.com',
      'https://a.example.com\r\n',
      '\u00ff'.repeat(3000),
    ]) {
      expect(cors.decide('GET', evil, undefined, undefined, undefined, null).allowed).toBe(false)
      expect(cors.decide('OPTIONS', A, evil, evil, evil, null).allowed).toBe(false)
    }
  })
})

describe('written header values are valid (§7)', () => {
  it('never reflects an Origin with control characters, spaces or non-ASCII, even when a function or RegExp approves', async () => {
    const approveAll = createCors({ origin: () => true })
    const approveAsync = createCors({ origin: async () => true })
    const permissiveRe = createCors({ origin: /^.*$/ })
    for (const evil of [
      '\u0000',
      'https://a.com\r\nx: y',
      ' https://a.com',
      'https://a.com ',
      'https://ä.com',
      'https://a.com\u007f',
    ]) {
      expect(approveAll.decide('GET', evil, undefined, undefined, undefined, null)).toMatchObject({
        allowed: false,
        headers: [],
      })
      expect(await approveAsync.decide('GET', evil, undefined, undefined, undefined, null)).toMatchObject({
        allowed: false,
      })
      expect(permissiveRe.decide('GET', evil, undefined, undefined, undefined, null)).toMatchObject({
        allowed: false,
      })
    }
    expect(approveAll.decide('GET', 'https://a.com', undefined, undefined, undefined, null).allowed).toBe(
      true,
    )
  })
})

describe('isPreflight', () => {
  it('classifies exactly as decide does', async () => {
    const { isPreflight } = await import('../src/index')
    expect(isPreflight('OPTIONS', A, 'PUT')).toBe(true)
    expect(isPreflight('OPTIONS', A, '')).toBe(false)
    expect(isPreflight('OPTIONS', '', 'PUT')).toBe(false)
    expect(isPreflight('OPTIONS', undefined, 'PUT')).toBe(false)
    expect(isPreflight('GET', A, 'PUT')).toBe(false)
    expect(isPreflight('options', A, 'PUT')).toBe(false)
  })
})

describe('remembered wildcard and RegExp matches', () => {
  it('answers a repeat visitor with the same frozen decision, and stays correct past the bound', () => {
    const cors = createCors({ origin: ['https://*.example.com', /^https:\/\/[a-z]+\.test$/] })
    const first = cors.decide('GET', 'https://a.example.com', undefined, undefined, undefined, null)
    expect(first.headers).toEqual([['access-control-allow-origin', 'https://a.example.com']])
    expect(cors.decide('GET', 'https://a.example.com', undefined, undefined, undefined, null)).toBe(first)
    for (let i = 0; i < 1500; i++) {
      const d = cors.decide('GET', `https://s${i}.example.com`, undefined, undefined, undefined, null)
      expect(d.headers[0]).toEqual(['access-control-allow-origin', `https://s${i}.example.com`])
    }
    expect(cors.decide('GET', 'https://a.example.com', undefined, undefined, undefined, null).allowed).toBe(
      true,
    )
    expect(cors.decide('GET', 'https://abc.test', undefined, undefined, undefined, null).allowed).toBe(true)
    expect(cors.decide('GET', 'https://abc.test.evil', undefined, undefined, undefined, null).allowed).toBe(
      false,
    )
  })
})

describe('a preflight whose answer echoes the request is reused only for the same request', () => {
  const A = 'https://a.com'
  const credentialed = createCors({ origin: [A], credentials: true, methods: '*' })

  it('returns the same frozen answer for a repeated preflight', () => {
    const first = credentialed.decide('OPTIONS', A, 'PUT', 'x-a, X-B', undefined, null)
    const again = credentialed.decide('OPTIONS', A, 'PUT', 'x-a,x-b', undefined, null)
    expect(again).toBe(first)
    expect(Object.isFrozen(again)).toBe(true)
  })

  it('never answers another header list, method or private-network ask with it', () => {
    const headerOf = (d: { headers: readonly (readonly [string, string])[] }, name: string) =>
      d.headers.find(([n]) => n === name)?.[1]
    const put = credentialed.decide('OPTIONS', A, 'PUT', 'x-a', undefined, null)
    const otherHeaders = credentialed.decide('OPTIONS', A, 'PUT', 'x-b', undefined, null)
    expect(headerOf(otherHeaders, 'access-control-allow-headers')).toBe('x-b')
    const otherMethod = credentialed.decide('OPTIONS', A, 'PURGE', 'x-b', undefined, null)
    expect(headerOf(otherMethod, 'access-control-allow-methods')).toBe('PURGE')
    const back = credentialed.decide('OPTIONS', A, 'PUT', 'x-a', undefined, null)
    expect(headerOf(back, 'access-control-allow-headers')).toBe('x-a')
    expect(headerOf(back, 'access-control-allow-methods')).toBe('PUT')
    expect(back).not.toBe(otherMethod)
    expect(put.allowed && back.allowed).toBe(true)
  })

  it('does not keep a method name longer than any real one', () => {
    const long = 'X'.repeat(5000)
    const first = credentialed.decide('OPTIONS', A, long, 'x-a', undefined, null)
    const again = credentialed.decide('OPTIONS', A, long, 'x-a', undefined, null)
    expect(again).not.toBe(first)
    expect(again).toEqual(first)
  })
})
