import fc from 'fast-check'
import { EXACT_ORIGINS, REGEXP_ORIGINS } from './policy'
import type { RawRequest } from './wire'

// Every value is a byte string (see `RawRequest`). CR and LF never appear inside one: they
// are the message framing, and a value holding them would be a different request, not a
// strange value. Repeated header lines are generated explicitly instead.

const byteCode = fc.oneof(
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }), weight: 6 },
  { arbitrary: fc.constantFrom(0x2c, 0x20, 0x09, 0x3a, 0x2f, 0x2e, 0x2a, 0x40, 0x3b, 0x22), weight: 3 },
  // Control bytes, DEL: refused by Node's strict parser, reach the middleware under the lenient one.
  { arbitrary: fc.constantFrom(0x00, 0x01, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f), weight: 2 },
  { arbitrary: fc.integer({ min: 0x80, max: 0xff }), weight: 2 },
)
const byteChar = byteCode.map((c) => String.fromCharCode(c))
const byteString = (maxLength: number) => fc.string({ unit: byteChar, maxLength })

/** Text outside ASCII as a browser or a script would put it on the wire: UTF-8 bytes. */
const utf8Text = fc
  .string({ unit: 'grapheme', maxLength: 24 })
  .map((s) => Buffer.from(s.replace(/[\r\n]/g, ''), 'utf8').toString('latin1'))

/** Huge by repetition; `maxBytes` keeps a short run short (the growth test covers 1 MB). */
const repeated = (unit: fc.Arbitrary<string>, maxBytes: number) =>
  fc
    .tuple(unit, fc.integer({ min: 1, max: maxBytes }))
    .map(([u, bytes]) => (u === '' ? '' : u.repeat(Math.max(1, Math.floor(bytes / u.length)))))

/** Values that are hostile to any header: empty, blank, thousands of separators, junk, huge. */
const hostile = fc.oneof(
  fc.constantFrom('', ' ', '\t', ',', ', ,', '*', 'null', '\x00', '\x7f', '\xff', 'é', '\\'),
  repeated(fc.constantFrom(',', ' ', ', ', ' ,', '\t', ',,,,,,,,', 'a,'), 40_000),
  byteString(64),
  utf8Text,
  repeated(byteString(16), 20_000),
)

const label = fc.stringMatching(/^[a-z0-9_-]{1,12}$/)
const subdomainOrigin = fc
  .array(label, { minLength: 1, maxLength: 3 })
  .map((labels) => `https://${labels.join('.')}.example.com`)
const allowedOrigin = fc.oneof(fc.constantFrom(...EXACT_ORIGINS, ...REGEXP_ORIGINS), subdomainOrigin)

/** Origins one edit away from the policy: the shapes of the known matcher bypasses. */
const LOOKALIKES = [
  'https://barfoo.com',
  'https://foobar.com',
  'https://foo.combar.com',
  'https://foo.com.bar.com',
  'https://bar.com.evil.net',
  'https://foo.co',
  'https://foo.com.',
  'https://foo.com/',
  'https://foo.com:443',
  'https://foo.com:8443',
  'http://foo.com',
  'https://FOO.com',
  'HTTPS://foo.com',
  'https://user@foo.com',
  'https://foo.com@evil.net',
  'https://evil.net#foo.com',
  'https://evil.net?https://foo.com',
  'https://evil.net\\.foo.com',
  'https://evil.net/.example.com',
  'https://evil.net:.example.com',
  'https://foo.com, https://bar.com',
  'https://foo.com https://bar.com',
  'http://localhost:30000',
  'http://localhost:3000.evil.net',
  'http://localhost',
  'https://example.com',
  'https://evilexample.com',
  'https://.example.com',
  'https://a..example.com',
  'https://a.example.com.',
  'http://a.example.com',
  'https://a.example.com:8443',
  'https://a.example.com:443',
  'https://a.example.com:',
  'https://A.example.com',
  'https://a.example.com.evil.net',
  'https://a.example.comm',
  'https://a.example.co',
  'https://*.example.com',
  'https://a%2eexample.com',
  'https://rx.example.org.evil.net',
  'https://rxexample.org',
  'http://rx.example.org',
  'NULL',
  'null ',
  'https://xn--80ak6aa92e.example.com.evil.net',
  'null',
  '*',
  'https://',
  'https:',
]

const mutation = fc.tuple(
  fc.constantFrom('insert', 'delete', 'replace', 'upper', 'append', 'prepend', 'double'),
  fc.nat(),
  byteChar,
  fc.constantFrom(
    '.',
    '/',
    ':443',
    ':80',
    ':0',
    '.evil.net',
    'evil',
    ' ',
    ',',
    '\t',
    '\x00',
    '@evil.net',
    '#',
  ),
)

const mutatedOrigin = fc.tuple(allowedOrigin, mutation).map(([origin, [kind, at, char, junk]]) => {
  const i = at % (origin.length + 1)
  switch (kind) {
    case 'insert':
      return origin.slice(0, i) + char + origin.slice(i)
    case 'delete':
      return origin.slice(0, i) + origin.slice(i + 1)
    case 'replace':
      return origin.slice(0, i) + char + origin.slice(i + 1)
    case 'upper':
      return origin.slice(0, i) + origin.slice(i, i + 1).toUpperCase() + origin.slice(i + 1)
    case 'append':
      return origin + junk
    case 'prepend':
      return junk + origin
    default:
      return `${origin}, ${origin}`
  }
})

/** A subdomain wildcard match padded past the 1024-byte Origin cap, and other long near-misses. */
const longOrigin = fc
  .tuple(fc.integer({ min: 1000, max: 30_000 }), fc.constantFrom('a.', 'a', '-', 'a.b.', 'é'))
  .map(([length, unit]) => `https://${unit.repeat(Math.ceil(length / unit.length))}example.com`)

const originValue = fc.oneof(
  { arbitrary: allowedOrigin, weight: 5 },
  // The policy's RegExp matches it; credentials forbid it (§2): the likeliest wrong grant.
  { arbitrary: fc.constant('null'), weight: 1 },
  { arbitrary: fc.constantFrom(...LOOKALIKES), weight: 4 },
  { arbitrary: mutatedOrigin, weight: 4 },
  { arbitrary: longOrigin, weight: 1 },
  { arbitrary: hostile, weight: 2 },
)

const methodValue = fc.oneof(
  { arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE'), weight: 5 },
  {
    arbitrary: fc.constantFrom(
      'PATCH',
      'get',
      'put',
      'OPTIONS',
      'CONNECT',
      'TRACE',
      '*',
      'GET, PUT',
      'GET,PUT',
      'P UT',
    ),
    weight: 2,
  },
  { arbitrary: fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,20}$/), weight: 1 },
  { arbitrary: hostile, weight: 1 },
)

const headerName = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'content-type',
      'x-a',
      'authorization',
      'X-Custom-Header',
      'cookie',
      'origin',
      'x-request-id',
      'Accept',
      '*',
    ),
    weight: 5,
  },
  { arbitrary: fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,30}$/), weight: 3 },
  { arbitrary: byteString(12), weight: 2 },
  { arbitrary: utf8Text, weight: 1 },
)
const separator = fc.constantFrom(',', ', ', ' , ', ',,', '\t,\t', ', , ,', ' ')
const headerList = fc
  .tuple(fc.array(headerName, { maxLength: 80 }), separator)
  .map(([names, sep]) => names.join(sep))

const headersValue = fc.oneof({ arbitrary: headerList, weight: 6 }, { arbitrary: hostile, weight: 2 })

const privateNetworkValue = fc.oneof(
  { arbitrary: fc.constantFrom('true', 'false', 'TRUE', 'True', ' true ', 'true, true', '1', ''), weight: 3 },
  { arbitrary: hostile, weight: 1 },
)

/** One header's lines: absent, one, a few, or many (Node joins them with `, `). */
function lines(name: string, value: fc.Arbitrary<string>) {
  const spelled = fc.constantFrom(
    name,
    name.toUpperCase(),
    name.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase()),
  )
  const line = fc.tuple(spelled, value)
  return fc.oneof(
    { arbitrary: fc.constant([] as [string, string][]), weight: 3 },
    { arbitrary: line.map((l) => [l]), weight: 8 },
    { arbitrary: fc.array(line, { minLength: 2, maxLength: 3 }), weight: 2 },
    { arbitrary: fc.array(line, { minLength: 4, maxLength: 40 }), weight: 1 },
  )
}

const target = fc.oneof(
  { arbitrary: fc.constant({ method: 'OPTIONS', path: '/resource' }), weight: 6 },
  {
    arbitrary: fc.record({
      method: fc.constant('GET'),
      path: fc.constantFrom('/', '/resource', '/teapot', '/missing', '/error'),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      method: fc.constantFrom('POST', 'PUT', 'DELETE'),
      path: fc.constant('/resource'),
    }),
    weight: 1,
  },
)

const padding = fc.oneof(
  { arbitrary: fc.constant([] as [string, string][]), weight: 7 },
  { arbitrary: hostile.map((v): [string, string][] => [['x-padding', v]]), weight: 1 },
)

/** Every CORS header drawn independently: mostly refusals, found by any route through the checks. */
const wildRequest = fc
  .tuple(
    target,
    lines('origin', originValue),
    lines('access-control-request-method', methodValue),
    lines('access-control-request-headers', headersValue),
    lines('access-control-request-private-network', privateNetworkValue),
    padding,
  )
  .map(([{ method, path }, ...groups]) => ({ method, path, headers: groups.flat() }))

const CORS_HEADERS = [
  'origin',
  'access-control-request-method',
  'access-control-request-headers',
  'access-control-request-private-network',
] as const
const validNames = fc
  .array(fc.oneof(fc.constantFrom('content-type', 'x-a', 'authorization', 'X-Custom-Header'), label), {
    maxLength: 10,
  })
  .map((names) => names.join(','))

/**
 * A request the policy allows, then at most one header broken: replaced or joined by extra
 * lines of any hostile value. Grants are where a bypass would show, so half the requests
 * sit one step from one.
 */
const nearValidRequest = fc
  .tuple(
    target,
    allowedOrigin,
    fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE'),
    validNames,
    fc.boolean(),
    fc.option(
      fc.record({
        name: fc.constantFrom(...CORS_HEADERS),
        replace: fc.boolean(),
        values: fc.array(fc.oneof(originValue, methodValue, headersValue, privateNetworkValue), {
          minLength: 1,
          maxLength: 3,
        }),
      }),
      { freq: 3 },
    ),
    padding,
  )
  .map(([{ method, path }, origin, acrm, acrh, privateNetwork, broken, pad]) => {
    let headers: [string, string][] = [
      ['origin', origin],
      ['access-control-request-method', acrm],
      ['access-control-request-headers', acrh],
    ]
    if (privateNetwork) headers.push(['access-control-request-private-network', 'true'])
    if (broken) {
      if (broken.replace) headers = headers.filter(([name]) => name !== broken.name)
      for (const value of broken.values) headers.push([broken.name, value])
    }
    return { method, path, headers: [...headers, ...pad] }
  })

/** One request with random and adversarial CORS headers, its header lines in random order. */
export const corsRequest: fc.Arbitrary<RawRequest> = fc
  .oneof(wildRequest, nearValidRequest)
  .chain(({ method, path, headers }) =>
    fc
      .shuffledSubarray(headers, { minLength: headers.length, maxLength: headers.length })
      .map((shuffled): RawRequest => ({ method, path, headers: shuffled })),
  )

/** A batch is sent one request after another, then the server must still answer a health request. */
export const requestBatch = fc.array(corsRequest, { minLength: 1, maxLength: 8 })
