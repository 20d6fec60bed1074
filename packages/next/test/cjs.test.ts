import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkReadmeRequire } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const built = existsSync(new URL('../dist/index.cjs', import.meta.url))

// The published files loaded as apps load them, through the exports map: `require` from a
// CommonJS app (a custom server, Jest) and `import` from ESM.
describe.skipIf(!built)('the build loads from CommonJS and ESM (run `pnpm build` first)', () => {
  const script = (load: string) => `${load}
const mw = cors({ origin: ['https://a.com'] })
const req = new NextRequest('http://x/api', { method: 'OPTIONS', headers: { origin: 'https://a.com', 'access-control-request-method': 'PUT' } })
mw(req).then((res) => console.log(JSON.stringify([res.status, res.headers.get('access-control-allow-origin')])))`

  it('require()', () => {
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        script("const { cors } = require('@crossway/next'); const { NextRequest } = require('next/server')"),
      ],
      { cwd: root, encoding: 'utf8' },
    )
    expect(JSON.parse(out)).toEqual([204, 'https://a.com'])
  })

  it('import', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        script("import { cors } from '@crossway/next'; import { NextRequest } from 'next/server.js'"),
      ],
      { cwd: root, encoding: 'utf8' },
    )
    expect(JSON.parse(out)).toEqual([204, 'https://a.com'])
  })
})

// The README's CommonJS example, run as written in a plain Node process through the package's
// own name: `require()` gives the named exports, the same as `import`, and the module object
// itself is not a function.
describe.skipIf(!built)('the README’s CommonJS form', () => {
  it('runs as written and takes named exports', async () => {
    const found = await checkReadmeRequire(root, '@crossway/next')
    expect(found.example).toContain("require('@crossway/next')")
    expect(found.moduleType).toBe('object')
    expect(found.names.length).toBeGreaterThan(0)
    for (const name of found.names) expect(found.functions).toContain(name)
  })
})
