import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const packageDir = fileURLToPath(new URL('..', import.meta.url))

const builds = [
  fileURLToPath(new URL('../dist/index.cjs', import.meta.url)),
  fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  fileURLToPath(new URL('../../core/dist/web.cjs', import.meta.url)),
  fileURLToPath(new URL('../../core/dist/web.js', import.meta.url)),
]
const missing = builds.filter((file) => !existsSync(file))

/** Whether the builds exist; the describe title says what is missing, so a skip is never silent. */
export const notBuilt = missing.length > 0
export const builtTitle = (what: string) =>
  notBuilt ? `${what}: SKIPPED, ${missing.join(' and ')} missing (run \`pnpm build\` first)` : what

/**
 * A Hono app behind `cors()` on @hono/node-server, asked for a preflight, an actual request
 * and an error page, in a plain Node process: what an app that loads the published build gets.
 * `load` binds `cors`, `isCorsConfigError`, `CorsConfigError`, `defaultExport`, `Hono` and
 * `createAdaptorServer`.
 */
export function appScript(load: string): string {
  return `${load}
const app = new Hono()
app.use(cors({ origin: ['https://app.example.com'], credentials: true }))
app.get('/items', (c) => c.text('items'))
app.get('/fail', () => { throw new Error('boom') })
app.onError((err, c) => c.text(err.message, 500))
let code
try { cors({ allowHeaders: ['x-a'] }) } catch (e) { code = e instanceof CorsConfigError && isCorsConfigError(e) ? e.code : 'wrong error' }
const server = createAdaptorServer({ fetch: app.fetch }).listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port
  const origin = { origin: 'https://app.example.com' }
  const pick = (r) => ({ status: r.status, acao: r.headers.get('access-control-allow-origin'), acac: r.headers.get('access-control-allow-credentials') })
  const preflight = await fetch(base + '/items', { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'PUT' } })
  const actual = await fetch(base + '/items', { headers: origin })
  const failed = await fetch(base + '/fail', { headers: origin })
  server.close()
  process.stdout.write(JSON.stringify({ sameDefault: defaultExport === cors, code, answers: [pick(preflight), pick(actual), pick(failed)] }))
})
`
}

export const expectedAnswers = {
  sameDefault: true,
  code: 'unknown-option',
  answers: [
    { status: 204, acao: 'https://app.example.com', acac: 'true' },
    { status: 200, acao: 'https://app.example.com', acac: 'true' },
    { status: 500, acao: 'https://app.example.com', acac: 'true' },
  ],
}

/** Runs `node <args>` in the package directory and resolves with its stdout. */
export function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: packageDir, timeout: 15_000 }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
    )
  })
}
