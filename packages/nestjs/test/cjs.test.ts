import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkReadmeRequire } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const missing = ['../dist/index.cjs', '../../core/dist/index.cjs']
  .map((file) => fileURLToPath(new URL(file, import.meta.url)))
  .filter((file) => !existsSync(file))

// The README's CommonJS example, run as written in a plain Node process through the package's
// own name: `require()` gives the named exports, the same as `import`, and the module object
// itself is not a function.
describe.skipIf(missing.length > 0)('the README’s CommonJS form', () => {
  it('runs as written and takes named exports', async () => {
    const found = await checkReadmeRequire(packageDir, '@crossway/nestjs')
    expect(found.example).toContain("require('@crossway/nestjs')")
    expect(found.moduleType).toBe('object')
    expect(found.names.length).toBeGreaterThan(0)
    for (const name of found.names) expect(found.functions).toContain(name)
  })
})
