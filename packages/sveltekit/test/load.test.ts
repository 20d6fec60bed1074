// The builds as a consumer loads them, in plain Node processes outside Vite's module graph:
// `require()` gets the CommonJS build on the core's CommonJS build, `import` the ESM build,
// both through the package's own name (its exports map), and the README's CommonJS line runs.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkReadmeRequire } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const builds = [
  '../dist/index.cjs',
  '../dist/index.js',
  '../../core/dist/web.cjs',
  '../../core/dist/node.cjs',
].map((path) => fileURLToPath(new URL(path, import.meta.url)))
const missing = builds.filter((file) => !existsSync(file))
const skipped =
  missing.length > 0 ? `: SKIPPED, ${missing.join(' and ')} missing (run \`pnpm build\` first)` : ''

// A preflight and an actual request through the hook, with an event as Kit builds one, and the
// start-up error for a bad policy. `lib` is the module object, however it was loaded.
const exercise = `
const event = (method, headers) => {
  const url = new URL('https://api.example.com/items')
  return { request: new Request(url, { method, headers }), url, route: { id: '/items' } }
}
const resolve = () => new Response('items', { headers: { 'x-handler': 'items' } })
const handle = lib.cors({ origin: ['https://app.example.com'], credentials: true })
let code
try { lib.cors({ origin: true }) } catch (err) {
  code = err instanceof lib.CorsConfigError && lib.isCorsConfigError(err) ? err.code : 'wrong error'
}
Promise.all([
  handle({ event: event('OPTIONS', { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' }), resolve }),
  handle({ event: event('GET', { origin: 'https://app.example.com' }), resolve }),
]).then(([preflight, actual]) => {
  process.stdout.write(JSON.stringify({
    sameDefault: lib.default === lib.cors,
    byRoute: typeof lib.corsByRoute,
    code,
    preflight: [preflight.status, preflight.headers.get('access-control-allow-methods'), preflight.headers.get('x-handler')],
    actual: [actual.status, actual.headers.get('access-control-allow-origin'), actual.headers.get('vary'), actual.headers.get('x-handler')],
  }))
}, (err) => { console.error(err); process.exit(1) })
`

function runNode(args: readonly string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...args], { cwd: packageDir, timeout: 15_000 }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(JSON.parse(out)),
    )
  })
}

const expected = {
  sameDefault: true,
  byRoute: 'function',
  code: 'invalid-option-type',
  preflight: [204, 'GET,HEAD,PUT,PATCH,POST,DELETE', null],
  actual: [200, 'https://app.example.com', 'Origin', 'items'],
}

describe.skipIf(missing.length > 0)(`the built package${skipped}`, () => {
  it("require('@crossway/sveltekit') loads the CommonJS build and answers", async () => {
    const script = `const lib = require('@crossway/sveltekit')\nif (!require.resolve('@crossway/sveltekit').endsWith('index.cjs')) throw new Error('not the CJS build')\n${exercise}`
    expect(await runNode(['-e', script])).toEqual(expected)
  })

  it("import('@crossway/sveltekit') loads the ESM build and answers", async () => {
    const script = `import * as lib from '@crossway/sveltekit'\nif (!import.meta.resolve('@crossway/sveltekit').endsWith('index.js')) throw new Error('not the ESM build')\n${exercise}`
    expect(await runNode(['--input-type=module', '-e', script])).toEqual(expected)
  })

  // The README's CommonJS example, run as written: `require()` gives the named exports, and
  // the module object itself is not a function.
  it('the README’s CommonJS form runs as written and takes named exports', async () => {
    const found = await checkReadmeRequire(packageDir, '@crossway/sveltekit')
    expect(found.example).toContain("require('@crossway/sveltekit')")
    expect(found.moduleType).toBe('object')
    expect(found.names.length).toBeGreaterThan(0)
    for (const name of found.names) expect(found.functions).toContain(name)
  })
})
