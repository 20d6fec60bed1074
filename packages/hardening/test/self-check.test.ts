import { standardRoutes } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'
import { expressHarness, majors } from '../../express/test/harness'
import { checkExchange } from '../src/check'
import { fuzzServer } from '../src/fuzz'
import { growthProblems, measureGrowth } from '../src/growth'
import { fuzzPolicy, isOriginInPolicy } from '../src/policy'
import { parseResponse } from '../src/wire'

// The checks must be able to fail: each is shown a response, a matcher or a parser with the
// flaw it exists to catch.

const express = majors[0].express
const ok = 'HTTP/1.1 200 OK\r\nvary: Origin\r\ncontent-length: 2\r\n\r\nok'
const bytes = (s: string) => Buffer.from(s, 'latin1')

describe('parseResponse', () => {
  it('accepts a well-formed response', () => {
    expect(parseResponse(bytes(ok), 'GET').status).toBe(200)
    const chunked = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'
    expect(parseResponse(bytes(chunked), 'GET').body.toString()).toBe('ok')
  })

  it.each([
    [
      'a bare LF in a value (header injection)',
      'HTTP/1.1 200 OK\r\nx: a\nset-cookie: b\r\ncontent-length: 0\r\n\r\n',
    ],
    ['a bare CR in a value', 'HTTP/1.1 200 OK\r\nx: a\rb\r\ncontent-length: 0\r\n\r\n'],
    ['a NUL in a value', 'HTTP/1.1 200 OK\r\naccess-control-allow-origin: https://foo.com\x00\r\n\r\n'],
    ['a control byte in a value', 'HTTP/1.1 200 OK\r\nx: \x1b[31m\r\n\r\n'],
    ['a header name that is not a token', 'HTTP/1.1 200 OK\r\nx y: 1\r\n\r\n'],
    ['an obs-fold continuation line', 'HTTP/1.1 200 OK\r\nx: 1\r\n folded\r\n\r\n'],
    ['a bad status line', 'HTTP/1.0 200 OK\r\n\r\n'],
    ['a missing end of head', 'HTTP/1.1 200 OK\r\nx: 1\r\n'],
    [
      'ACAO twice',
      'HTTP/1.1 200 OK\r\naccess-control-allow-origin: a\r\naccess-control-allow-origin: b\r\n\r\n',
    ],
    ['a body longer than content-length', 'HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\nok'],
    ['a body on a 204', 'HTTP/1.1 204 No Content\r\n\r\nx'],
    [
      'content-length and chunked',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n',
    ],
    ['a truncated chunked body', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nok'],
  ])('rejects %s', (_, response) => {
    expect(() => parseResponse(bytes(response), 'GET')).toThrow()
  })
})

describe('checkExchange', () => {
  const preflight = {
    method: 'OPTIONS',
    path: '/resource',
    headers: [
      ['origin', 'https://barfoo.com'],
      ['access-control-request-method', 'PUT'],
    ] as [string, string][],
  }
  it('flags a grant to an origin outside the policy', () => {
    const granted =
      'HTTP/1.1 204 No Content\r\naccess-control-allow-origin: https://barfoo.com\r\n' +
      'access-control-allow-credentials: true\r\naccess-control-allow-methods: PUT\r\n' +
      'access-control-max-age: 600\r\nvary: Origin, Access-Control-Request-Method, ' +
      'Access-Control-Request-Headers, Access-Control-Request-Private-Network\r\n\r\n'
    expect(checkExchange(preflight, bytes(granted)).problems).toContain(
      'ACAO granted to "https://barfoo.com", outside the policy',
    )
  })
  it('flags Origin: null granted with credentials, though the policy RegExp matches it', () => {
    const request = { method: 'GET', path: '/resource', headers: [['origin', 'null']] as [string, string][] }
    const granted =
      'HTTP/1.1 200 OK\r\naccess-control-allow-origin: null\r\naccess-control-allow-credentials: true\r\n' +
      'access-control-expose-headers: x-request-id\r\nvary: Origin\r\nx-handler: resource-get\r\n' +
      'content-length: 3\r\n\r\nget'
    expect(checkExchange(request, bytes(granted)).problems).toContain(
      'ACAO granted to "null", outside the policy',
    )
  })
  it('flags a 500 where the middleware should have refused', () => {
    const crashed = 'HTTP/1.1 500 Internal Server Error\r\nvary: Origin\r\ncontent-length: 0\r\n\r\n'
    expect(checkExchange(preflight, bytes(crashed)).problems.join()).toMatch(/status 500, expected 403/)
  })
})

describe('isOriginInPolicy', () => {
  it.each([
    'https://foo.com',
    'https://bar.com',
    'https://a.example.com',
    'https://a.b-c_d.example.com',
    'https://rx.example.org',
  ])('allows %s', (origin) => expect(isOriginInPolicy(origin)).toBe(true))
  it.each([
    'https://barfoo.com',
    'https://foo.com.bar.com',
    'https://example.com',
    'https://evilexample.com',
    'https://a.example.com.evil.net',
    'http://a.example.com',
    'https://a.example.com:8443',
    'https://A.example.com',
    `https://${'a.'.repeat(510)}example.com`,
    // The policy's RegExp matches it, but credentials forbid it (§2).
    'null',
    'https://rx.example.org.evil.net',
  ])('refuses %s', (origin) => expect(isOriginInPolicy(origin)).toBe(false))
})

describe('the fuzzer against a flawed server', () => {
  it('finds the "smart" suffix matcher that let https://barfoo.com through', async () => {
    // The advisory's matcher, behind the real Express adapter: everything else is correct.
    const suffixes = ['foo.com', 'bar.com', '.example.com', 'localhost:3000']
    const origin = (value: string) => suffixes.some((suffix) => value.endsWith(suffix))
    const app = await expressHarness('suffix matcher', () => express()).start(
      { ...fuzzPolicy, origin },
      standardRoutes,
    )
    try {
      const { report } = await fuzzServer(Number(new URL(app.url!).port), {
        seed: 1,
        numRuns: 300,
        seconds: 10,
      })
      expect(report).toMatch(/outside the policy/)
    } finally {
      await app.close()
    }
  })

  it('flags a header parser that allocates per element, as in the 116 MB advisory', async () => {
    // Linear, but one string per comma: for a 1 MB list, 250,000 of them.
    const app = await expressHarness('splitting parser', () =>
      express().use((req, _res, next) => {
        const value = req.headers['access-control-request-headers']
        if (value) (req as any).requested = value.split(',').map((name) => name.trim().toLowerCase())
        next()
      }),
    ).start(fuzzPolicy, standardRoutes)
    try {
      const curve = await measureGrowth(Number(new URL(app.url!).port), 5)
      expect(growthProblems(curve).join('\n')).toMatch(/^acrh: /)
    } finally {
      await app.close()
    }
  })
})
