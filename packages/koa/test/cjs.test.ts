import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkReadmeRequire } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const dist = fileURLToPath(new URL('../dist/index.cjs', import.meta.url))
const coreDist = fileURLToPath(new URL('../../core/dist/index.cjs', import.meta.url))
const missing = [dist, coreDist].filter((file) => !existsSync(file))

// A CommonJS consumer in its own process: no vitest transforms, no source condition, so this
// runs exactly what `require('@crossway/koa')` loads from the published build.
const child = `
const http = require('node:http')
const Koa = require('koa')
const mod = require(${JSON.stringify(dist)})
const out = { defaultIsCors: mod.default === mod.cors }
try { mod.cors({ allowHeaders: ['x'] }) } catch (e) { out.configError = mod.isCorsConfigError(e) && e instanceof mod.CorsConfigError && e.code }
const app = new Koa()
app.on('error', () => {})
app.use(mod.cors({ origin: ['https://app.example.com'] }))
app.use((ctx) => { ctx.throw(401) })
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address()
  const req = http.request({ host: '127.0.0.1', port, path: '/', agent: false, headers: { origin: 'https://app.example.com' } }, (res) => {
    res.resume()
    res.on('end', () => {
      out.status = res.statusCode
      out.acao = res.headers['access-control-allow-origin']
      out.vary = res.headers.vary
      server.close()
      process.stdout.write(JSON.stringify(out))
    })
  })
  req.end()
})
`

describe('CommonJS build', () => {
  if (missing.length > 0) {
    it.skip(`skipped: run \`pnpm --filter @crossway/koa... build\` first (missing ${missing.join(', ')})`, () => {})
    return
  }

  it('works from require() in a plain Node process', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', child], { cwd: packageDir, timeout: 15_000 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      )
    })
    expect(JSON.parse(stdout)).toEqual({
      defaultIsCors: true,
      configError: 'unknown-option',
      status: 401,
      acao: 'https://app.example.com',
      vary: 'Origin',
    })
  })
})

// The README's CommonJS example, run as written in a plain Node process through the package's
// own name: `require()` gives the named exports, the same as `import`, and the module object
// itself is not a function.
describe.skipIf(missing.length > 0)('the README’s CommonJS form', () => {
  it('runs as written and takes named exports', async () => {
    const found = await checkReadmeRequire(packageDir, '@crossway/koa')
    expect(found.example).toContain("require('@crossway/koa')")
    expect(found.moduleType).toBe('object')
    expect(found.names.length).toBeGreaterThan(0)
    for (const name of found.names) expect(found.functions).toContain(name)
  })
})
