import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script, without types
import { readRules, renderSnapshot } from '../scripts/public-suffix-snapshot.mjs'
import { validateOptions } from '../src/index'
import { isPublicSuffix } from '../src/public-suffix'

const require = createRequire(import.meta.url)
const tldts = require('tldts') as {
  getPublicSuffix(host: string, options: { allowPrivateDomains: boolean }): string | null
}

describe('wildcards over public suffixes (§3)', () => {
  it.each([
    'https://*.com',
    'https://*.com.',
    'https://*.com.:*',
    'https://*.co.uk',
    'https://*.github.io',
    'https://*.anything.ck',
    'http://*.localhost',
  ])('%s is unsafe-origin', (origin) => {
    expect(validateOptions({ origin })).toMatchObject([{ code: 'unsafe-origin', path: 'origin' }])
  })

  it.each([
    'https://*.example.com',
    'https://*.example.co.uk',
    'https://*.example.github.io',
    'https://*.www.ck',
    'https://*.example.com:*',
  ])('%s stays valid', (origin) => {
    expect(validateOptions({ origin })).toEqual([])
  })

  it('a trailing dot on a registrable domain is invalid-origin, with the fix', () => {
    const [issue] = validateOptions({ origin: ['https://a.com', 'https://*.example.com.'] })
    expect(issue).toMatchObject({ code: 'invalid-origin', path: 'origin[1]' })
    expect(issue?.message).toContain('write "https://*.example.com"')
  })

  it('the suggested fix for a public suffix is itself accepted', () => {
    const message = validateOptions({ origin: 'https://*.co.uk' })[0]!.message
    expect(message).toContain('"https://*.example.co.uk"')
    expect(validateOptions({ origin: 'https://*.example.co.uk' })).toEqual([])
  })
})

describe('the Public Suffix List snapshot', () => {
  it('is not stale: regenerating it from the installed tldts gives the committed file', () => {
    const committed = readFileSync(new URL('../src/public-suffix-data.ts', import.meta.url), 'utf8')
    expect(committed === renderSnapshot(), 'run pnpm --filter @crossway/core generate:public-suffixes').toBe(
      true,
    )
  })

  it('agrees with tldts on every rule, so reading its trie cannot silently go wrong', () => {
    const rules = readRules() as string[]
    expect(rules.length).toBeGreaterThan(5000)
    expect(isPublicSuffix('example.com')).toBe(false)
    expect(isPublicSuffix('example.co.uk')).toBe(false)
    for (const rule of rules) {
      if (rule.startsWith('!')) {
        const host = rule.slice(1)
        expect(isPublicSuffix(host), rule).toBe(false)
        expect(tldts.getPublicSuffix(host, { allowPrivateDomains: true }), rule).toBe(
          host.slice(host.indexOf('.') + 1),
        )
      } else {
        const host = rule.startsWith('*.') ? `x.${rule.slice(2)}` : rule
        expect(isPublicSuffix(host), rule).toBe(true)
        expect(tldts.getPublicSuffix(host, { allowPrivateDomains: true }), rule).toBe(host)
      }
    }
  })
})
