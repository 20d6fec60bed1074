import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkReadmeRequire } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const builds = [
  '../dist/index.cjs',
  '../dist/index.js',
  '../../core/dist/index.cjs',
  '../../core/dist/node.cjs',
].map((path) => fileURLToPath(new URL(path, import.meta.url)))
const missing = builds.filter((file) => !existsSync(file))
const skipped = (what: string) =>
  missing.length === 0
    ? what
    : `${what}: SKIPPED, ${missing.join(' and ')} missing (run \`pnpm build\` first)`

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: packageDir, timeout: 15_000 }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
    )
  })
}

// The same check from each module system, in a plain Node process outside Vite's module graph,
// through the package's own name: a preflight answered, an actual request decorated, and a bad
// policy refused with a CorsConfigError recognised across copies.
const check = (lib: string) => `
const event = (method, headers) => ({ version: '2.0', rawPath: '/items', headers, requestContext: { http: { method } } })
const wrapped = lib.withCors(async () => 'hello', { origin: ['https://app.example.com'] })
let code
try { lib.withCors(async () => {}, { origin: true }) } catch (err) {
  code = err instanceof lib.CorsConfigError && lib.isCorsConfigError(err) ? err.code : 'wrong error'
}
Promise.all([
  wrapped(event('OPTIONS', { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' }), {}),
  wrapped(event('GET', { origin: 'https://app.example.com' }), {}),
]).then(([preflight, actual]) => {
  process.stdout.write(JSON.stringify({ code, preflight: preflight.statusCode, actual: actual.headers, body: actual.body, names: Object.keys(${lib}).sort() }))
}, (err) => { console.error(err); process.exit(1) })
`

const expected = {
  code: 'invalid-option-type',
  preflight: 204,
  actual: {
    'content-type': 'application/json',
    'access-control-allow-origin': 'https://app.example.com',
    vary: 'Origin',
  },
  body: '"hello"',
}

describe.skipIf(missing.length > 0)(skipped('CommonJS and ESM builds'), () => {
  it('require() gives the CommonJS build, which works', async () => {
    const out = await run(['-e', `const lib = require('@crossway/lambda')\n${check('lib')}`])
    expect(JSON.parse(out)).toMatchObject(expected)
  })

  it('import gives the ESM build, with the same names', async () => {
    const esm = JSON.parse(
      await run(['--input-type=module', '-e', `import * as lib from '@crossway/lambda'\n${check('lib')}`]),
    )
    const cjs = JSON.parse(await run(['-e', `const lib = require('@crossway/lambda')\n${check('lib')}`]))
    expect(esm).toMatchObject(expected)
    expect(esm.names).toEqual(cjs.names)
    expect(esm.names).toEqual(
      expect.arrayContaining([
        'withCors',
        'CorsConfigError',
        'isCorsConfigError',
        'cachedOrigin',
        'createLiveCors',
      ]),
    )
  })

  it('the README’s CommonJS form runs as written and takes named exports', async () => {
    const found = await checkReadmeRequire(packageDir, '@crossway/lambda')
    expect(found.example).toContain("require('@crossway/lambda')")
    expect(found.moduleType).toBe('object')
    expect(found.names.length).toBeGreaterThan(0)
    for (const name of found.names) expect(found.functions).toContain(name)
  })
})
