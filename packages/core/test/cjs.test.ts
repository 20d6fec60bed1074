import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = existsSync(new URL('../dist/index.cjs', import.meta.url))

// The published files, loaded the way apps load them: `require` from CommonJS and `import`
// from ESM, through the package's own exports map (no source condition).
describe.skipIf(!built)('the build loads from CommonJS and ESM (run `pnpm build` first)', () => {
  const script = (load: string) => `${load}
const cors = createCors({ origin: ['https://a.com'] })
const d = cors.decide('GET', 'https://a.com', undefined, undefined, undefined, null)
let code = ''
try { createCors({ maxage: 1 }) } catch (e) { code = isCorsConfigError(e) && e instanceof CorsConfigError ? e.code : 'wrong' }
console.log(JSON.stringify([d.headers[0], code]))`

  it('require()', () => {
    const out = execFileSync(
      process.execPath,
      ['-e', script("const { createCors, isCorsConfigError, CorsConfigError } = require('@crossway/core')")],
      { cwd: root, encoding: 'utf8' },
    )
    expect(JSON.parse(out)).toEqual([['access-control-allow-origin', 'https://a.com'], 'unknown-option'])
  })

  it('import', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        script("import { createCors, isCorsConfigError, CorsConfigError } from '@crossway/core'"),
      ],
      { cwd: root, encoding: 'utf8' },
    )
    expect(JSON.parse(out)).toEqual([['access-control-allow-origin', 'https://a.com'], 'unknown-option'])
  })
})
