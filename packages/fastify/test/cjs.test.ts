import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkReadmeRequire } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const needed = ['../dist/index.cjs', '../../core/dist/index.cjs'].map((file) =>
  fileURLToPath(new URL(file, import.meta.url)),
)
const missing = needed.filter((file) => !existsSync(file))
const title =
  missing.length === 0
    ? 'CommonJS build (dist/index.cjs)'
    : `CommonJS build: SKIPPED, ${missing.join(' and ')} missing (run \`pnpm build\` first)`

// A plain Node process, outside Vite's resolver: exactly what `require('@crossway/fastify')`
// gives a CommonJS app, on the CommonJS build of the core.
const script = `
const lib = require('./dist/index.cjs')
async function check(name, Fastify, plugin) {
  const app = Fastify()
  await app.register(plugin, { origin: ['https://app.example.com'] })
  app.get('/public', { config: { cors: { origin: '*' } } }, async () => 'public')
  const preflight = (url, origin) => app.inject({ method: 'OPTIONS', url,
    headers: { origin, 'access-control-request-method': 'GET' } })
  const a = await preflight('/nowhere', 'https://app.example.com')
  const b = await preflight('/public', 'https://other.example')
  await app.close()
  return { name, plugin: a.statusCode + ' ' + a.headers['access-control-allow-origin'],
    route: b.statusCode + ' ' + b.headers['access-control-allow-origin'] }
}
async function main() {
  let code
  try { await require('fastify')().register(lib.default, { origin: true }) } catch (err) {
    code = lib.isCorsConfigError(err) && err instanceof lib.CorsConfigError ? err.code : 'wrong error'
  }
  const apps = [
    await check('fastify 5 default', require('fastify'), lib.default),
    await check('fastify 5 module', require('fastify'), lib),
    await check('fastify 4 default', require('fastify4'), lib.default),
  ]
  process.stdout.write(JSON.stringify({ sameExport: lib.default === lib.cors, code, apps }))
}
main().catch((err) => { console.error(err); process.exit(1) })
`

describe.skipIf(missing.length > 0)(title, () => {
  it('is required from CommonJS and registers on Fastify 5 and 4', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', script], { cwd: packageDir, timeout: 15_000 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      )
    })
    const answers = { plugin: '204 https://app.example.com', route: '204 *' }
    expect(JSON.parse(stdout)).toEqual({
      sameExport: true,
      code: 'invalid-option-type',
      apps: [
        { name: 'fastify 5 default', ...answers },
        { name: 'fastify 5 module', ...answers },
        { name: 'fastify 4 default', ...answers },
      ],
    })
  })
})

// The README's CommonJS example, run as written in a plain Node process through the package's
// own name: `require()` gives the named exports, the same as `import`, and the module object
// itself is not a function.
describe.skipIf(missing.length > 0)('the README’s CommonJS form', () => {
  it('runs as written and takes named exports', async () => {
    const found = await checkReadmeRequire(packageDir, '@crossway/fastify')
    expect(found.example).toContain("require('@crossway/fastify')")
    expect(found.moduleType).toBe('object')
    expect(found.names.length).toBeGreaterThan(0)
    for (const name of found.names) expect(found.functions).toContain(name)
  })
})
