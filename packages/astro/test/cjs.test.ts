import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkReadmeRequire } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const builds = [
  fileURLToPath(new URL('../dist/index.cjs', import.meta.url)),
  fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  fileURLToPath(new URL('../../core/dist/web.cjs', import.meta.url)),
]
const missing = builds.filter((file) => !existsSync(file))
const title =
  missing.length === 0
    ? 'the builds (dist/index.cjs, dist/index.js)'
    : `the builds: SKIPPED, ${missing.join(' and ')} missing (run \`pnpm build\` first)`

// A middleware run by hand with what Astro passes it: the context (request, url, routePattern,
// isPrerendered) and next(). Plain Node processes, outside Vite's module graph, so they prove
// what `require('@crossway/astro')` and `import '@crossway/astro'` consumers get.
const scenario = `
const context = (method, headers) => ({
  request: new Request('http://localhost/api', { method, headers }),
  url: new URL('http://localhost/api'), routePattern: '/api', isPrerendered: false,
})
let code
try { lib.cors({ origin: true }) } catch (err) {
  code = err instanceof lib.CorsConfigError && lib.isCorsConfigError(err) ? err.code : 'wrong error'
}
const middleware = lib.cors({ origin: ['https://app.example.com'] })
const pre = middleware(context('OPTIONS', { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' }), () => { throw new Error('next called') })
Promise.resolve(middleware(context('GET', { origin: 'https://app.example.com' }), async () => new Response('ok'))).then((res) => {
  process.stdout.write(JSON.stringify({
    sameDefault: lib.default === lib.cors, byRoute: typeof lib.corsByRoute, code,
    preflight: pre.status, acao: res.headers.get('access-control-allow-origin'), vary: res.headers.get('vary'),
  }))
}, (err) => { console.error(err); process.exit(1) })
`

function run(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: packageDir, timeout: 15_000 }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(JSON.parse(out)),
    )
  })
}

const expected = {
  sameDefault: true,
  byRoute: 'function',
  code: 'invalid-option-type',
  preflight: 204,
  acao: 'https://app.example.com',
  vary: 'Origin',
}

describe.skipIf(missing.length > 0)(title, () => {
  it('CommonJS: require() gives a working cors()', async () => {
    expect(await run(['-e', `const lib = require('./dist/index.cjs')\n${scenario}`])).toEqual(expected)
  })

  it('ESM: import gives the same', async () => {
    const script = `import * as lib from './dist/index.js'\n${scenario}`
    expect(await run(['--input-type=module', '-e', script])).toEqual(expected)
  })
})

// The README's CommonJS example, run as written in a plain Node process through the package's
// own name: `require()` gives the named exports, the same as `import`.
describe.skipIf(missing.length > 0)('the README’s CommonJS form', () => {
  it('runs as written and takes named exports', async () => {
    const found = await checkReadmeRequire(packageDir, '@crossway/astro')
    expect(found.example).toContain("require('@crossway/astro')")
    expect(found.moduleType).toBe('object')
    expect(found.names.length).toBeGreaterThan(0)
    for (const name of found.names) expect(found.functions).toContain(name)
  })
})
