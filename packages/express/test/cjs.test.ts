import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { checkReadmeRequire } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const builds = [
  fileURLToPath(new URL('../dist/index.cjs', import.meta.url)),
  fileURLToPath(new URL('../../core/dist/index.cjs', import.meta.url)),
]
const missing = builds.filter((file) => !existsSync(file))
const title =
  missing.length === 0
    ? 'CommonJS build (dist/index.cjs)'
    : `CommonJS build: SKIPPED, ${missing.join(' and ')} missing (run \`pnpm build\` first)`

// Runs in a plain Node process, outside Vite's module graph, so it proves what a
// `require('@crossway/express')` consumer gets: the CJS build on the CJS build of the core.
const script = `
const http = require('node:http')
const lib = require('./dist/index.cjs')
const check = (name, express) => new Promise((resolve, reject) => {
  const app = express()
  app.use(lib.cors({ origin: ['https://app.example.com'] }))
  app.get('/', (req, res) => res.send('ok'))
  const server = http.createServer(app).listen(0, '127.0.0.1', () => {
    const req = http.request({ port: server.address().port, host: '127.0.0.1', method: 'OPTIONS', agent: false,
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' } }, (res) => {
      res.resume()
      res.on('end', () => server.close(() => resolve({ name, status: res.statusCode,
        acao: res.headers['access-control-allow-origin'], acam: res.headers['access-control-allow-methods'] })))
    })
    req.on('error', reject)
    req.end()
  })
})
let code
try { lib.cors({ origin: true }) } catch (err) {
  code = err instanceof lib.CorsConfigError && lib.isCorsConfigError(err) ? err.code : 'wrong error'
}
Promise.all([check('express 5', require('express')), check('express 4', require('express4'))]).then((apps) => {
  process.stdout.write(JSON.stringify({ sameDefault: lib.default === lib.cors, code, apps }))
}, (err) => { console.error(err); process.exit(1) })
`

describe.skipIf(missing.length > 0)(title, () => {
  it('is required from CommonJS and answers a preflight on Express 5 and 4', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', script], { cwd: packageDir, timeout: 15_000 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      )
    })
    const expected = { status: 204, acao: 'https://app.example.com', acam: 'GET,HEAD,PUT,PATCH,POST,DELETE' }
    expect(JSON.parse(stdout)).toEqual({
      sameDefault: true,
      code: 'invalid-option-type',
      apps: [
        { name: 'express 5', ...expected },
        { name: 'express 4', ...expected },
      ],
    })
  })
})

// Jest 26 and other older loaders cannot resolve `node:` specifiers. A loader that refuses
// them for our builds (the adapter's and the core's, `@crossway/core/node` included) stands in
// for them: the CommonJS build must load and work without one.
const refusingNodeScheme = `
const Module = require('module')
const path = require('path')
const resolve = Module._resolveFilename
const ours = path.resolve('..') + path.sep
Module._resolveFilename = function (request, parent, ...rest) {
  const from = parent && parent.filename ? parent.filename : ''
  if (request.startsWith('node:') && from.startsWith(ours) && from.includes(path.sep + 'dist' + path.sep)) {
    throw new Error('this loader cannot resolve ' + request + ' (required by ' + from + ')')
  }
  return resolve.call(this, request, parent, ...rest)
}
const lib = require('./dist/index.cjs')
const middleware = lib.cors({ origin: ['https://app.example.com'] })
const headers = {}
const res = { statusCode: 200, setHeader: (n, v) => { headers[n] = v }, getHeader: (n) => headers[n], end() {} }
middleware({ method: 'GET', headers: { origin: 'https://app.example.com' } }, res, () => {
  process.stdout.write(JSON.stringify(headers))
})
`

describe.skipIf(missing.length > 0)(`${title}, under a loader without node: specifiers`, () => {
  it('loads and answers without requiring any node: module', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['-e', refusingNodeScheme],
        { cwd: packageDir, timeout: 15_000 },
        (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
      )
    })
    expect(JSON.parse(stdout)).toEqual({
      'access-control-allow-origin': 'https://app.example.com',
      vary: 'Origin',
    })
  })
})

// The README's CommonJS example, run as written in a plain Node process through the package's
// own name: `require()` gives the named exports, the same as `import`, and the module object
// itself is not a function.
describe.skipIf(missing.length > 0)('the README’s CommonJS form', () => {
  it('runs as written and takes named exports', async () => {
    const found = await checkReadmeRequire(packageDir, '@crossway/express')
    expect(found.example).toContain("require('@crossway/express')")
    expect(found.moduleType).toBe('object')
    expect(found.names.length).toBeGreaterThan(0)
    for (const name of found.names) expect(found.functions).toContain(name)
  })
})
