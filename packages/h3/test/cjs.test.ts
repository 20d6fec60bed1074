import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkReadmeRequire } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const builds = [
  fileURLToPath(new URL('../dist/index.cjs', import.meta.url)),
  fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  fileURLToPath(new URL('../../core/dist/index.cjs', import.meta.url)),
]
const missing = builds.filter((file) => !existsSync(file))
const skipped =
  missing.length > 0 ? `: SKIPPED, ${missing.join(' and ')} missing (run \`pnpm build\` first)` : ''

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: packageDir, timeout: 15_000 }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
    )
  })
}

// What each module system's consumer does: build both majors' apps on node:http, send a
// preflight and an actual request, report what came back. `load` is `require` or `import`.
const probe = (load: string) => `
const http = require('node:http')
const lib = ${load}
const h3v2 = require('h3')
const h3v1 = require('h3v1')
const ask = (listener, name) => new Promise((resolve, reject) => {
  const server = http.createServer(listener).listen(0, '127.0.0.1', () => {
    const port = server.address().port
    const send = (method, headers) => new Promise((done, fail) => {
      const req = http.request({ port, host: '127.0.0.1', path: '/r', method, agent: false, headers }, (res) => {
        res.resume()
        res.on('end', () => done({ status: res.statusCode, acao: res.headers['access-control-allow-origin'] }))
      })
      req.on('error', fail)
      req.end()
    })
    const origin = 'https://app.example.com'
    Promise.all([send('OPTIONS', { origin, 'access-control-request-method': 'PUT' }), send('GET', { origin })])
      .then(([preflight, actual]) => server.close(() => resolve({ name, preflight, actual })), reject)
  })
})
const v2 = new h3v2.H3()
v2.use(lib.cors({ origin: ['https://app.example.com'] }))
v2.get('/r', () => 'r')
const v1 = h3v1.createApp()
v1.use(lib.cors({ origin: ['https://app.example.com'] }))
v1.use('/r', h3v1.defineEventHandler(() => 'r'))
let code
try { lib.cors({ origin: true }) } catch (err) { code = lib.isCorsConfigError(err) ? err.code : 'wrong error' }
Promise.all([ask(h3v2.toNodeHandler(v2), 'h3 2'), ask(h3v1.toNodeListener(v1), 'h3 1')]).then((apps) => {
  process.stdout.write(JSON.stringify({ sameDefault: lib.default === lib.cors, code, apps }))
}, (err) => { console.error(err); process.exit(1) })
`

const expected = {
  sameDefault: true,
  code: 'invalid-option-type',
  apps: ['h3 2', 'h3 1'].map((name) => ({
    name,
    preflight: { status: 204, acao: 'https://app.example.com' },
    actual: { status: 200, acao: 'https://app.example.com' },
  })),
}

// In plain Node processes, outside Vite's module graph: what `require('@crossway/h3')` and
// `import` consumers get, on the builds of the core. h3 2 is ESM only; Node 20.19+ requires it.
describe.skipIf(missing.length > 0)(`the builds (dist/index.cjs, dist/index.js)${skipped}`, () => {
  it('CommonJS: required, answers on h3 2 and h3 1', async () => {
    expect(JSON.parse(await run(['-e', probe("require('./dist/index.cjs')")]))).toEqual(expected)
  })

  it('ESM: imported, answers on h3 2 and h3 1', async () => {
    const script = probe('await import(process.cwd() + "/dist/index.js")')
    const wrapped = `(async () => {${script.replace("const http = require('node:http')\n", '')}})()`
    const out = await run(['-e', `const http = require('node:http');${wrapped}`])
    expect(JSON.parse(out)).toEqual(expected)
  })

  it('requires no h3 and no node: module, nor does the core under it (h3 is a peer; edge runtimes have no node:)', async () => {
    const out = await run([
      '-e',
      `const Module = require('module')
const path = require('path')
const resolve = Module._resolveFilename
const builds = [path.resolve('dist') + path.sep, path.resolve('../core/dist') + path.sep]
const asked = []
Module._resolveFilename = function (request, parent, ...rest) {
  if (parent && builds.some((dir) => String(parent.filename).startsWith(dir))) asked.push(request)
  return resolve.call(this, request, parent, ...rest)
}
const lib = require('./dist/index.cjs')
lib.cors({ origin: ['https://app.example.com'] })
process.stdout.write(JSON.stringify(asked))`,
    ])
    const asked = JSON.parse(out) as string[]
    expect(asked).toContain('@crossway/core')
    expect(asked.filter((request) => request === 'h3' || request.startsWith('node:'))).toEqual([])
  })
})

// The README's CommonJS example, run as written in a plain Node process through the package's
// own name: `require()` gives the named exports, the same as `import`.
describe.skipIf(missing.length > 0)(`the README’s CommonJS form${skipped}`, () => {
  it('runs as written and takes named exports', async () => {
    const found = await checkReadmeRequire(packageDir, '@crossway/h3')
    expect(found.example).toContain("require('@crossway/h3')")
    expect(found.moduleType).toBe('object')
    expect(found.names.length).toBeGreaterThan(0)
    for (const name of found.names) expect(found.functions).toContain(name)
  })
})
