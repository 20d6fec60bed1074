import type { CorsDecision, CorsOptions } from '@crossway/core'
import { createCors } from '@crossway/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

/**
 * Properties of `decide` under hostile input (semantics.md §1, §2, §7): it never throws,
 * never grants an origin the policy does not name, and writes only valid header values.
 */

const EXACT = ['https://app.example.com', 'http://localhost:3000']
const POLICY = { origin: [...EXACT, 'https://*.example.com'], credentials: true } satisfies CorsOptions
const NATIVE = Object.freeze({})

/**
 * What the policy above names, by another road: the exact strings, or a URL whose own
 * serialisation is the input (no path, userinfo, default port, upper case) with https, no
 * port, and at least one label before `.example.com`.
 */
function namedByPolicy(origin: string): boolean {
  if (EXACT.includes(origin)) return true
  if (origin.length > 1024) return false
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  return (
    url.origin === origin &&
    url.protocol === 'https:' &&
    url.port === '' &&
    url.hostname.endsWith('.example.com') &&
    url.hostname.length > '.example.com'.length
  )
}

/** Origins built from pieces that look like the policy's: where look-alike bugs hide. */
const lookAlikeOrigin = fc
  .tuple(
    fc.constantFrom('https://', 'http://', 'HTTPS://', 'ftp://', '', 'https:/', 'https:///'),
    fc.constantFrom('', 'user@', 'a.example.com@'),
    fc.array(
      fc.constantFrom('a', 'app', 'example', 'com', 'evil', 'localhost', '', '*', 'xn--9ca', 'A', '-'),
      {
        maxLength: 4,
      },
    ),
    fc.constantFrom('', '.example.com', 'example.com', '.example.com.', '.example.comx', '.EXAMPLE.com'),
    fc.constantFrom('', ':443', ':80', ':3000', ':8443', ':', ':abc', ':3000x'),
    fc.constantFrom('', '/', '/path', '?q', '#f', '.', '\\', ', https://app.example.com', ' ', '\t', '%2e'),
  )
  .map(
    ([scheme, userinfo, labels, suffix, port, tail]) =>
      scheme + userinfo + labels.join('.') + suffix + port + tail,
  )

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'binary-ascii', maxLength: 80 }),
  fc.string({ maxLength: 2000 }),
  lookAlikeOrigin,
)

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })

/** Awaits only what is a promise, as adapters must. */
async function settle(d: CorsDecision | Promise<CorsDecision>): Promise<CorsDecision> {
  return typeof (d as { then?: unknown }).then === 'function' ? await d : (d as CorsDecision)
}

function granted(d: CorsDecision): string | undefined {
  return d.headers.find(([name]) => name === 'access-control-allow-origin')?.[1]
}

/** RFC 9110 field-value: no CR, LF, NUL or other controls but tab; no surrounding whitespace. */
const FIELD_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/

interface AnyRequest {
  readonly policy: string
  readonly method: string
  readonly origin: string | undefined
  readonly acrm: string | undefined
  readonly acrh: string | undefined
  readonly acrpn: string | undefined
}

describe('decide under hostile input', () => {
  it('never grants an origin the policy does not name', () => {
    const cors = createCors(POLICY)
    fc.assert(
      fc.property(
        fc.oneof(lookAlikeOrigin, hostileString),
        fc.constantFrom('GET', 'OPTIONS', 'POST'),
        maybe(fc.constantFrom('PUT', 'GET', '')),
        (origin, method, acrm) => {
          const d = cors.decide(method, origin, acrm, undefined, undefined, NATIVE)
          const acao = granted(d)
          if (acao !== undefined) {
            expect(acao).toBe(origin)
            expect(namedByPolicy(origin), `granted ${JSON.stringify(origin)}`).toBe(true)
          }
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('grants every well-formed subdomain of the wildcard', () => {
    const cors = createCors(POLICY)
    const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/)
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), (labels) => {
        const origin = `https://${labels.join('.')}.example.com`
        expect(granted(cors.decide('GET', origin, undefined, undefined, undefined, NATIVE))).toBe(origin)
      }),
      { numRuns: 300 },
    )
  })

  const policies: Record<string, CorsOptions<any>> = {
    'list + wildcard, credentials': POLICY,
    defaults: {},
    'regexp, methods *, credentials, privateNetwork': {
      origin: /^https:\/\/[a-z]+\.example\.org$/,
      methods: '*',
      credentials: true,
      privateNetwork: true,
    },
    'function always true, credentials, methods *, debug': {
      origin: () => true,
      credentials: true,
      methods: '*',
      debug: true,
      maxAge: 0,
    },
    'async function always true, exposed *': {
      origin: async () => true,
      allowedHeaders: ['x-a'],
      exposedHeaders: '*',
      privateNetwork: true,
    },
  }

  /** Every policy above, asked about any mix of hostile header values. */
  const anyRequest: fc.Arbitrary<AnyRequest> = fc.record({
    policy: fc.constantFrom(...Object.keys(policies)),
    method: fc.constantFrom('GET', 'OPTIONS', 'PUT', 'patch'),
    origin: maybe(hostileString),
    acrm: maybe(hostileString),
    acrh: maybe(hostileString),
    acrpn: maybe(fc.oneof(hostileString, fc.constant('true'))),
  })

  type Compiled = Map<string, ReturnType<typeof createCors>>
  const decideFor = (compiled: Compiled, r: AnyRequest) =>
    compiled.get(r.policy)!.decide(r.method, r.origin, r.acrm, r.acrh, r.acrpn, NATIVE)

  it('never throws, whatever the four headers hold', async () => {
    const compiled = new Map(Object.entries(policies).map(([name, p]) => [name, createCors(p)]))
    await fc.assert(
      fc.asyncProperty(anyRequest, async (r) => {
        const d = await settle(decideFor(compiled, r))
        expect(['not-cors', 'actual', 'preflight']).toContain(d.kind)
      }),
      { numRuns: 2000 },
    )
  })

  it('writes only valid header values, whatever the four headers hold', async () => {
    const compiled = new Map(Object.entries(policies).map(([name, p]) => [name, createCors(p)]))
    await fc.assert(
      fc.asyncProperty(anyRequest, async (r) => {
        const d = await settle(decideFor(compiled, r))
        for (const [name, value] of d.headers) {
          expect(name).toMatch(/^[a-z-]+$/)
          expect(value, `${name}: ${JSON.stringify(value)}`).toMatch(FIELD_VALUE)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('refuses a 100 KB Access-Control-Request-Headers as malformed', () => {
    const cors = createCors(POLICY)
    const shapes = [
      'x-a,'.repeat(25_600),
      `x-${'a'.repeat(102_400)}`,
      ' x-a ,\t'.repeat(17_000),
      `${'x-a,'.repeat(10)}${'b'.repeat(102_400)}`,
    ]
    for (const acrh of shapes) {
      const d = cors.decide('OPTIONS', EXACT[0], 'PUT', acrh, undefined, NATIVE) as CorsDecision
      expect({ kind: d.kind, allowed: d.allowed, reason: d.reason }).toEqual({
        kind: 'preflight',
        allowed: false,
        reason: 'malformed',
      })
    }
  })
})
