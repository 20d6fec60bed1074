import { describe, expect, it } from 'vitest'
import { createCors } from '../src/index'
import { parseOrigin } from '../src/origin'

const allows = (origin: unknown, requestOrigin: string) =>
  createCors({ origin: origin as never }).decide(
    'GET',
    requestOrigin,
    undefined,
    undefined,
    undefined,
    undefined,
  ).allowed

describe('origin normalisation at start-up', () => {
  it.each([
    ['HTTPS://App.Example.COM', 'https://app.example.com'],
    ['https://a.com:443', 'https://a.com'],
    ['http://a.com:80', 'http://a.com'],
    ['https://a.com:80', 'https://a.com:80'],
    ['http://a.com:8080', 'http://a.com:8080'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['http://[0:0:0:0:0:0:0:1]', 'http://[::1]'],
    ['https://bücher.de', 'https://xn--bcher-kva.de'],
    ['null', 'null'],
  ])('%s becomes %s', (written, normalised) => {
    expect(parseOrigin(written)).toEqual({ ok: true, pattern: { type: 'exact', value: normalised } })
  })

  it('parses wildcards into prefix, host and port', () => {
    expect(parseOrigin('https://*.Example.com')).toEqual({
      ok: true,
      pattern: { type: 'wildcard', prefix: 'https://', host: '.example.com', anySubdomain: true, port: '' },
    })
    expect(parseOrigin('http://localhost:*')).toEqual({
      ok: true,
      pattern: { type: 'wildcard', prefix: 'http://', host: 'localhost', anySubdomain: false, port: '*' },
    })
  })
})

describe('origin matching', () => {
  it('exact entries compare byte for byte with the serialised origin', () => {
    expect(allows('https://a.com:443', 'https://a.com')).toBe(true)
    expect(allows('https://a.com', 'https://a.com:443')).toBe(false)
    expect(allows('https://a.com', 'https://A.com')).toBe(false)
    expect(allows('https://a.com', 'http://a.com')).toBe(false)
    expect(allows('https://a.com', 'https://a.com.')).toBe(false)
    expect(allows('null', 'null')).toBe(true)
    expect(allows('https://a.com', 'null')).toBe(false)
  })

  it.each([
    ['https://a.example.com', true],
    ['https://a.b.example.com', true],
    ['https://x-1_y.example.com', true],
    ['https://example.com', false],
    ['https://evilexample.com', false],
    ['https://.example.com', false],
    ['https://a..example.com', false],
    ['http://a.example.com', false],
    ['https://a.example.com:8443', false],
    ['https://a.example.com.evil.net', false],
    ['https://A.example.com', false],
    ['https://a/b.example.com', false],
    ['https://a@b.example.com', false],
    ['https://a.example.com:', false],
    ['null', false],
  ])('https://*.example.com vs %s → %s', (origin, expected) => {
    expect(allows('https://*.example.com', origin)).toBe(expected)
  })

  it.each([
    ['http://localhost', true],
    ['http://localhost:3000', true],
    ['http://localhost:65535', true],
    ['http://localhost:65536', false],
    ['http://localhost:03000', false],
    ['http://localhost:', false],
    ['http://localhost:3000x', false],
    ['http://localhost:80', false],
    ['https://localhost:3000', false],
    ['http://localhost.evil.com:3000', false],
    ['http://evil-localhost:3000', false],
  ])('http://localhost:* vs %s → %s', (origin, expected) => {
    expect(allows('http://localhost:*', origin)).toBe(expected)
  })

  it('combines subdomain and port wildcards, and port wildcards on IPv6', () => {
    expect(allows('https://*.example.com:*', 'https://a.example.com:8443')).toBe(true)
    expect(allows('https://*.example.com:*', 'https://a.example.com')).toBe(true)
    expect(allows('https://*.example.com:*', 'https://example.com:8443')).toBe(false)
    expect(allows('http://[::1]:*', 'http://[::1]:5173')).toBe(true)
    expect(allows('http://[::1]:*', 'http://[::2]:5173')).toBe(false)
  })

  it('a subdomain wildcard with a fixed port requires that port', () => {
    expect(allows('https://*.example.com:8443', 'https://a.example.com:8443')).toBe(true)
    expect(allows('https://*.example.com:8443', 'https://a.example.com')).toBe(false)
  })

  it('does not let one listed origin leak into a look-alike of two', () => {
    const list = ['https://foo.com', 'https://bar.com']
    expect(allows(list, 'https://barfoo.com')).toBe(false)
    expect(allows(list, 'https://foo.com.bar.com')).toBe(false)
    expect(allows(list, 'https://bar.com')).toBe(true)
  })

  it('tests RegExps against the whole value; they match null only if they say so', () => {
    expect(allows(/^https:\/\/(a|b)\.com$/, 'https://b.com')).toBe(true)
    expect(allows(/^https:\/\/(a|b)\.com$/, 'https://b.com.evil.net')).toBe(false)
    expect(allows([/^https:\/\/.*$/], 'null')).toBe(false)
    expect(allows([/^null$/], 'null')).toBe(true)
  })

  it('refuses an Origin over 1024 bytes or on several lines, even for a permissive RegExp', () => {
    const long = `https://${'a'.repeat(1020)}.com`
    expect(allows(/^https:\/\/.*$/, long)).toBe(false)
    expect(allows(/^https:\/\/.*$/, 'https://a.com, https://b.com')).toBe(false)
    expect(allows('*', long)).toBe(true)
  })
})
