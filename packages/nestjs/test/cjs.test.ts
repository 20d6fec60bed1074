import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const missing = ['../dist/index.cjs', '../../core/dist/index.cjs']
  .map((file) => fileURLToPath(new URL(file, import.meta.url)))
  .filter((file) => !existsSync(file))

// The README's CommonJS example, run as written in a plain Node process through the package's
// own name (its exports map, as an app's require() resolves it): `require()` gives the named
// exports, the same as `import`, and the module object itself is not a function.
describe.skipIf(missing.length > 0)('the README’s CommonJS form', () => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8')
  const example =
    /^\| modules +\| ESM and CommonJS \(`(const \{[^}]+\} = require\('@crossway\/nestjs'\))`\)/m.exec(
      readme,
    )?.[1]

  it('runs as written and takes named exports', async () => {
    expect(example).toContain("require('@crossway/nestjs')")
    const check = `${example}
const mod = require('@crossway/nestjs')
process.stdout.write(JSON.stringify({ module: typeof mod, named: Object.keys(mod).filter((k) => typeof mod[k] === 'function').sort() }))`
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', check], { cwd: packageDir, timeout: 15_000 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      )
    })
    const { module, named } = JSON.parse(stdout)
    expect(module).toBe('object')
    for (const name of /const \{ ([^}]+) \} = require\('@crossway\/nestjs'\)/
      .exec(example!)![1]!
      .split(', ')) {
      expect(named).toContain(name)
    }
  })
})
