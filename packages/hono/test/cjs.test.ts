import { checkReadmeRequire } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'
import { appScript, builtTitle, expectedAnswers, notBuilt, packageDir, runNode } from './built'

// A plain Node process, outside Vite's module graph: `require('@crossway/hono')` resolves the
// CommonJS build through the exports map, on the core's CommonJS build and Hono's own.
describe.skipIf(notBuilt)(builtTitle('CommonJS build (dist/index.cjs)'), () => {
  it('is required by name and serves a Hono app on @hono/node-server', async () => {
    const out = await runNode([
      '-e',
      appScript(`const { cors, CorsConfigError, isCorsConfigError, default: defaultExport } = require('@crossway/hono')
const { Hono } = require('hono')
const { createAdaptorServer } = require('@hono/node-server')`),
    ])
    expect(JSON.parse(out)).toEqual(expectedAnswers)
  })

  // The README's CommonJS line, run as written: `require()` gives the named exports, the same
  // as `import`, and the module object itself is not a function.
  it('runs the README’s CommonJS form as written', async () => {
    const found = await checkReadmeRequire(packageDir, '@crossway/hono')
    expect(found.example).toContain("require('@crossway/hono')")
    expect(found.moduleType).toBe('object')
    expect(found.names).toContain('cors')
    for (const name of found.names) expect(found.functions).toContain(name)
  })
})
