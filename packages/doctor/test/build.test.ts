// The published builds, loaded the way consumers load them: `require()` gets the CJS build,
// `import` the ESM build, each in a plain Node process outside Vite's module graph.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const builds = ['dist/index.cjs', 'dist/index.js', '../core/dist/index.cjs', '../core/dist/index.js'].map(
  (f) => fileURLToPath(new URL(`../${f}`, import.meta.url)),
)
const missing = builds.filter((file) => !existsSync(file))
const title =
  missing.length === 0
    ? 'CommonJS and ESM builds'
    : `builds: SKIPPED, ${missing.join(', ')} missing (run \`pnpm build\`)`

const probeScript = (load: string) => `
${load}
const http = require('node:http')
const server = http.createServer((req, res) => { res.writeHead(200, { 'access-control-allow-origin': '*' }); res.end() })
server.listen(0, '127.0.0.1', async () => {
  const r = await lib.probe('http://127.0.0.1:' + server.address().port + '/', { origin: 'http://localhost:5173' })
  const c = await lib.checkPolicy('./test/fixtures/named.mjs#publicPolicy')
  process.stdout.write(JSON.stringify({ verdict: r.verdict, check: c.exitCode, cache: typeof lib.CorsPreflightCache, caps: lib.MAX_AGE_CAPS }))
  server.close()
})
`

function node(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: packageDir, timeout: 15_000 }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
    )
  })
}

const expected = {
  verdict: 'allowed',
  check: 1,
  cache: 'function',
  caps: { chromium: 7200, firefox: 86400, webkit: 600 },
}

describe.skipIf(missing.length > 0)(title, () => {
  it('require() loads dist/index.cjs and probes', async () => {
    const out = await node(['-e', probeScript("const lib = require('./dist/index.cjs')")])
    expect(JSON.parse(out)).toEqual(expected)
  })

  it('import loads dist/index.js and probes', async () => {
    const script = probeScript(
      "const { createRequire } = await import('node:module'); const require = createRequire(process.cwd() + '/'); const lib = await import('./dist/index.js')",
    )
    const out = await node(['--input-type=module', '-e', script])
    expect(JSON.parse(out)).toEqual(expected)
  })
})
