import { describe, expect, it } from 'vitest'
import { appScript, builtTitle, expectedAnswers, notBuilt, runNode } from './built'

// A plain Node process: `import '@crossway/hono'` resolves the ES module build through the
// exports map, as an app (or a bundler targeting Bun, Deno or Workers) does.
describe.skipIf(notBuilt)(builtTitle('ES module build (dist/index.js)'), () => {
  it('is imported by name and serves a Hono app on @hono/node-server', async () => {
    const out = await runNode([
      '--input-type=module',
      '-e',
      appScript(`import defaultExport, { cors, CorsConfigError, isCorsConfigError } from '@crossway/hono'
import { Hono } from 'hono'
import { createAdaptorServer } from '@hono/node-server'`),
    ])
    expect(JSON.parse(out)).toEqual(expectedAnswers)
  })
})
