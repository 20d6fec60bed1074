import { describe, expect, it } from 'vitest'
import { isPotentiallyTrustworthy, registrableDomain, sameSite } from '../src/address-space'
import { extractTokenList, mimeEssence, normaliseMethod } from '../src/fetch-rules'
import { isSafelistedRequestHeader, unsafeRequestHeaderNames } from '../src/index'

describe('CORS-safelisted request headers (Fetch)', () => {
  it.each([
    ['accept', 'application/json', true],
    ['accept', 'text/html(x)', false],
    ['accept-language', 'en-GB,en;q=0.9', true],
    ['accept-language', 'en_GB', false],
    ['content-language', 'de', true],
    ['content-type', 'text/plain', true],
    ['content-type', 'Text/Plain; charset=utf-8', true],
    ['content-type', 'application/x-www-form-urlencoded', true],
    ['content-type', 'multipart/form-data; boundary=x', true],
    ['content-type', 'application/json', false],
    ['content-type', 'text/plain; charset="utf-8"', false],
    ['content-type', 'text/plain;', true],
    ['content-type', 'text', false],
    ['range', 'bytes=0-', true],
    ['range', 'bytes=5-10', true],
    ['range', 'bytes=10-5', false],
    ['range', 'bytes=-5', true],
    ['range', 'bytes=0-1,3-4', false],
    ['x-custom', '1', false],
    ['accept', 'a'.repeat(128), true],
    ['accept', 'a'.repeat(129), false],
  ])('%s: %s → %s', (name, value, safe) => {
    expect(isSafelistedRequestHeader(name, value)).toBe(safe)
  })

  it('counts the 128 bytes in bytes, not characters', () => {
    expect(isSafelistedRequestHeader('accept', 'é'.repeat(64))).toBe(true)
    expect(isSafelistedRequestHeader('accept', `${'é'.repeat(64)}a`)).toBe(false)
  })
})

describe('CORS-unsafe request-header names', () => {
  it('are lower-cased, unique and sorted', () => {
    const names = unsafeRequestHeaderNames([
      ['X-Zeta', '1'],
      ['Content-Type', 'application/json'],
      ['x-alpha', '1'],
      ['X-ALPHA', '2'],
      ['Accept', 'text/plain'],
    ]).map((h) => h.name)
    expect(names).toEqual(['content-type', 'x-alpha', 'x-zeta'])
  })

  it('makes every safelisted header unsafe past 1024 bytes in all', () => {
    const nine = Array.from({ length: 9 }, () => ['accept-language', 'e'.repeat(114)] as [string, string])
    expect(unsafeRequestHeaderNames(nine)).toEqual([{ name: 'accept-language', reason: 'total-size' }])
    expect(unsafeRequestHeaderNames(nine.slice(0, 8))).toEqual([])
  })
})

describe('smaller rules', () => {
  it('normalises only the six methods Fetch names', () => {
    expect(normaliseMethod('put')).toBe('PUT')
    expect(normaliseMethod('patch')).toBe('patch')
  })
  it('parses token lists, skipping empty elements and refusing non-tokens', () => {
    expect(extractTokenList(['GET, PUT', ' ,DELETE'])).toEqual(['GET', 'PUT', 'DELETE'])
    expect(extractTokenList(['GET PUT'])).toBe('failure')
    expect(extractTokenList([])).toBeNull()
  })
  it('reads a MIME essence', () => {
    expect(mimeEssence(' Text/Plain ;charset=x')).toBe('text/plain')
    expect(mimeEssence('/plain')).toBeNull()
  })
  it('knows sites and trustworthy origins approximately', () => {
    expect(registrableDomain('a.b.example.co.uk')).toBe('example.co.uk')
    expect(sameSite('https://app.example.com', 'https://api.example.com:8443')).toBe(true)
    expect(sameSite('http://localhost:5173', 'http://127.0.0.1:3000')).toBe(false)
    expect(isPotentiallyTrustworthy(new URL('http://127.0.0.1:1/'))).toBe(true)
    expect(isPotentiallyTrustworthy(new URL('http://api.example.com/'))).toBe(false)
  })
})
