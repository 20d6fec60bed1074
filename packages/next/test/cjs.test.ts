import { execFile, execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
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
// own name (its exports map, as an app's require() resolves it): `require()` gives the named
// exports, the same as `import`, and the module object itself is not a function.
describe.skipIf(!built)('the README’s CommonJS form', () => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8')
  const example =
    /^\| modules +\| ESM and CommonJS \(`(const \{[^}]+\} = require\('@crossway\/next'\))`\)/m.exec(
      readme,
    )?.[1]

  it('runs as written and takes named exports', async () => {
    expect(example).toContain("require('@crossway/next')")
    const check = `${example}
const mod = require('@crossway/next')
process.stdout.write(JSON.stringify({ module: typeof mod, named: Object.keys(mod).filter((k) => typeof mod[k] === 'function').sort() }))`
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', check], { cwd: root, timeout: 15_000 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      )
    })
    const { module, named } = JSON.parse(stdout)
    expect(module).toBe('object')
    for (const name of /const \{ ([^}]+) \} = require\('@crossway\/next'\)/.exec(example!)![1]!.split(', ')) {
      expect(named).toContain(name)
    }
  })
})
