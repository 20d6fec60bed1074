import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { validateOptions } from '../src/index'
import { findRegExpOriginProblems } from '../src/regexp-safety'

const require = createRequire(import.meta.url)
const safeRegex = require('safe-regex2') as (re: RegExp) => boolean

const unsafe = (re: RegExp) => validateOptions({ origin: re })
const messages = (re: RegExp) => findRegExpOriginProblems(re)

// Origin patterns as users write them: every one must pass.
const COMMON_SAFE: readonly RegExp[] = [
  /^https:\/\/[a-z0-9-]+\.example\.com$/,
  /^https:\/\/(www\.)?example\.com$/,
  /^http:\/\/localhost:\d+$/,
  /^https:\/\/(a|b)\.example\.com$/,
  /^(?:https:\/\/a\.com|https:\/\/b\.com)$/,
  /(^https:\/\/a\.com$|^https:\/\/b\.com$)/,
  /^https?:\/\/(localhost|127\.0\.0\.1)(:\d{2,5})?$/,
  /^https:\/\/[\w-]+\.vercel\.app$/,
  /^https:\/\/pr-\d+\.preview\.example\.com$/i,
  /^https:\/\/(?:app|api|admin)\.example\.com$/,
  /^https:\/\/\(literal\)\.example\.com$/,
  /^https:\/\/[a-z]{2}\.example\.com$/,
  /^null$/,
]

// Each with whether it nests a repeating quantifier in another (labelled by hand).
const NESTED: readonly (readonly [RegExp, boolean])[] = [
  [/^https:\/\/([a-z0-9]+[.-]?)*$/, true],
  [/^(a+)+$/, true],
  [/^([a-z]+\.)*example\.com$/, true],
  [/^(?:(?:a|b)+c)*$/, true],
  [/^(\d{1,3}\.){3}\d{1,3}$/, true],
  [/^(x(y+))+$/, true],
  [/^https:\/\/(www\.)?example\.com$/, false],
  [/^(a|a)*$/, false],
  [/^(\w|\d)+$/, false],
]

describe('origin RegExps must be anchored at both ends on every top-level alternative (§3)', () => {
  it.each([
    /example\.com$/,
    /example\.com/,
    /^https:\/\/example\.com/,
    /^https:\/\/a\.com$|b\.com/,
    /^https:\/\/a\.com$|^https:\/\/b\.com/,
    /(^https:\/\/a\.com$)|b\.com/,
    /^https:\/\/a\.com$|/,
    /(?:^https:\/\/a\.com$)+/,
    /^https:\/\/a\.com\$/,
  ])('refuses %s', (re) => {
    expect(unsafe(re)[0]).toMatchObject({ code: 'unsafe-origin', path: 'origin' })
  })

  it.each(COMMON_SAFE)('accepts %s', (re) => {
    expect(unsafe(re)).toEqual([])
  })

  it.each([
    [/example\.com/, '/^https:\\/\\/example\\.com$/', 'https://*.example.com'],
    [/example\.com$/, '/^https:\\/\\/example\\.com$/', 'https://*.example.com'],
    [/.*\.example\.com$/, undefined, 'https://*.example.com'],
    [/^https:\/\/a\.com$|b\.com/, '/^(?:https:\\/\\/a\\.com|https:\\/\\/b\\.com)$/', undefined],
  ])('%s: the message suggests only safe patterns that match a subset', (re, anchored, wildcard) => {
    const [message] = messages(re)
    if (anchored) expect(message).toContain(`write ${anchored}`)
    if (wildcard) expect(message).toContain(`"${wildcard}"`)
    expect(message).not.toContain('write /example\\.com$/')
    for (const suggested of message!.match(/\/\^[^ ,]*\$\/[a-z]*/g) ?? []) {
      const body = suggested.slice(1, suggested.lastIndexOf('/'))
      const candidate = new RegExp(body)
      expect(messages(candidate)).toEqual([])
      for (const origin of [
        'https://evilexample.com',
        'https://example.com.evil.net',
        'https://b.com.evil.net',
      ]) {
        if (candidate.test(origin)) expect(re.test(origin)).toBe(true)
        expect(candidate.test(origin)).toBe(false)
      }
    }
  })

  it('never suggests a wildcard over a public suffix', () => {
    expect(messages(/\.com$/)[0]).not.toContain('*.com')
  })
})

describe('catastrophic RegExps (§3)', () => {
  it.each([
    /^https:\/\/([a-z0-9]+[.-]?)*$/,
    /^(a+)+$/,
    /^(a|a)*$/,
    /^(\w|\d)+$/,
    /^https:\/\/(?:[a-z]+|[a-z0-9]+)+\.example\.com$/,
    /^((a|a)b)*$/,
  ])('refuses %s with unsafe-origin', (re) => {
    expect(unsafe(re)).toMatchObject([{ code: 'unsafe-origin', path: 'origin' }])
    expect(messages(re)[0]).toContain('exponential time')
  })

  it('suggests the wildcard string for a nested subdomain pattern', () => {
    expect(messages(/^https:\/\/([a-z0-9-]+\.)*example\.com$/)[0]).toContain('"https://*.example.com"')
  })

  it('differential: everything safe-regex2 flags that nests quantifiers, ours flags too', () => {
    for (const [re, nested] of NESTED) {
      if (nested && !safeRegex(re)) expect(messages(re), String(re)).not.toEqual([])
    }
    for (const re of COMMON_SAFE) expect(messages(re), String(re)).toEqual([])
  })

  it('parses hostile sources in linear time', () => {
    const sources = [
      '('.repeat(60) + ')'.repeat(60),
      '\\k<'.repeat(10_000),
      '{'.repeat(20_000),
      'a|'.repeat(10_000),
    ]
    for (const source of sources) {
      const start = performance.now()
      findRegExpOriginProblems(new RegExp(source))
      expect(performance.now() - start).toBeLessThan(1000)
    }
    expect(messages(new RegExp(`^${'('.repeat(70)}a${')'.repeat(70)}$`))[0]).toContain('too deep')
  })
})

describe('g and y flags', () => {
  it.each([
    [/^https:\/\/a\.com$/g, 'g', 'write /^https:\\/\\/a\\.com$/'],
    [/^https:\/\/a\.com$/iy, 'y', 'write /^https:\\/\\/a\\.com$/i'],
    [/a\.com/g, 'g', 'remove the g flag'],
  ])('%s: refused, and the fix drops the flag only when the rest is safe', (re, flag, fix) => {
    const last = messages(re).at(-1)
    expect(last).toContain(`has the ${flag} flag`)
    expect(last).toContain(fix)
  })
})
