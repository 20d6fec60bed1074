import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CorsConfigError } from '@crossway/core'
import { withCorsCheck } from '@crossway/next/config'
import { describe, expect, it } from 'vitest'
import { fixtureApp, runNext } from './support/example-app'

const BAD = { origin: ['https://app.example.com/'] }
const GOOD = { origin: ['https://app.example.com'], credentials: true }

describe('withCorsCheck (@crossway/next/config)', () => {
  it('returns the Next config it was given, object or function, when every policy is good', () => {
    const config = { poweredByHeader: false }
    expect(withCorsCheck(config, GOOD)).toBe(config)
    const phased = () => config
    expect(withCorsCheck(phased, GOOD, { origin: '*' }, undefined)).toBe(phased)
  })

  it('throws CorsConfigError for a bad policy, wherever it is in the list', () => {
    expect(() => withCorsCheck({}, BAD)).toThrow(CorsConfigError)
    expect(() => withCorsCheck({}, GOOD, { origin: '*', credentials: true })).toThrow(
      expect.objectContaining({ code: 'credentials-with-wildcard' }),
    )
  })
})

// next.config is loaded by Node itself, as CommonJS (Next transpiles next.config.ts to it) or
// ESM (next.config.mjs): the built entry must load both ways, and without `next/server`, which
// would drag Next's runtime into the config step.
const built = existsSync(new URL('../dist/config.cjs', import.meta.url))
describe.skipIf(!built)('the built @crossway/next/config', () => {
  const cwd = fileURLToPath(new URL('..', import.meta.url))
  const probe = `const bad = (() => { try { withCorsCheck({}, { origin: 'https://a.com/' }) } catch (e) { return e.name } })()
console.log(JSON.stringify([withCorsCheck({ a: 1 }, { origin: '*' }).a, bad]))`

  it('require() does not load next', () => {
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        `const { withCorsCheck } = require('@crossway/next/config')
${probe}
if (Object.keys(require.cache).some((file) => /node_modules[\\\\/]next[\\\\/]/.test(file))) throw new Error('next was loaded')`,
      ],
      { cwd, encoding: 'utf8' },
    )
    expect(JSON.parse(out)).toEqual([1, 'CorsConfigError'])
  })

  it('import', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `import { withCorsCheck } from '@crossway/next/config'\n${probe}`],
      { cwd, encoding: 'utf8' },
    )
    expect(JSON.parse(out)).toEqual([1, 'CorsConfigError'])
  })
})

// The README's set-up (cors.config.ts imported by proxy.ts and next.config.ts) with a bad
// policy, built for real: `next build` must stop with the CorsConfigError message. Next loads
// next.config before compiling anything, so this costs seconds, not a full build.
describe.skipIf(!built)('next build of an app with a bad policy', () => {
  it('fails with the CorsConfigError and its fix', async () => {
    const app = fixtureApp('bad-policy-app')
    try {
      const { code, output } = await runNext(['build'], app.dir)
      expect(code).not.toBe(0)
      expect(output).toContain('CorsConfigError')
      expect(output).toContain(
        'crossway: origin[0]: "https://app.example.com/" has a trailing slash; an origin is scheme, host and port only; write "https://app.example.com"',
      )
      expect(existsSync(join(app.dir, '.next', 'BUILD_ID'))).toBe(false)
    } finally {
      app.remove()
    }
  }, 120_000)
})
