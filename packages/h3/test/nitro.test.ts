// A real Nitro 2 app (nitropack, h3 1): test/fixtures/nitro-app, whose server/middleware/cors.ts
// is the README's, built with the node-server preset into a temporary directory, started as a
// user deploys it (`node .output/server/index.mjs`, port 0) and asked over HTTP.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { send, varyTokens } from './http'

const APP = 'https://app.example.com'
const EVIL = 'https://evil.example.net'
const PREFLIGHT_VARY = ['access-control-request-headers', 'access-control-request-method', 'origin']
const GRANTED = {
  'access-control-allow-origin': APP,
  'access-control-allow-credentials': 'true',
  'access-control-expose-headers': 'x-request-id',
}

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const entry = join(packageDir, 'dist/index.js')
const built = existsSync(entry) && existsSync(join(packageDir, '../core/dist/index.js'))
const title = built
  ? 'Nitro 2 (nitropack build, node-server preset)'
  : 'Nitro 2: SKIPPED, dist/index.js of @crossway/h3 or @crossway/core missing (run `pnpm build` first)'

describe.skipIf(!built)(title, () => {
  let outDir: string
  let server: ChildProcess | undefined
  let url: string

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'crossway-h3-nitro-'))
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          join(packageDir, 'test/support/build-nitro.mjs'),
          join(packageDir, 'test/fixtures/nitro-app'),
          outDir,
          entry,
          realpathSync(join(packageDir, 'node_modules/h3v1')),
        ],
        { cwd: packageDir, timeout: 90_000 },
        (err, _out, errOut) =>
          err ? reject(new Error(`nitro build failed: ${err.message}\n${errOut}`)) : resolve(),
      )
    })
    const child = spawn(process.execPath, [join(outDir, '.output/server/index.mjs')], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NITRO_PORT: '', NITRO_HOST: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server = child
    url = await new Promise<string>((resolve, reject) => {
      let output = ''
      const timer = setTimeout(() => reject(new Error(`the Nitro server did not start:\n${output}`)), 20_000)
      const read = (chunk: Buffer) => {
        output += chunk
        const found = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
        if (found) {
          clearTimeout(timer)
          resolve(found[1]!)
        }
      }
      child.stdout!.on('data', read)
      child.stderr!.on('data', read)
      child.once('exit', (code) => reject(new Error(`the Nitro server exited (${code}):\n${output}`)))
    })
  }, 120_000)

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve))
      server.kill('SIGTERM')
      await exited
    }
    if (outDir) rmSync(outDir, { recursive: true, force: true })
  })

  it('answers a preflight for a path with no route at all', async () => {
    const r = await send(url, 'OPTIONS', '/no/route/here', {
      origin: APP,
      'access-control-request-method': 'DELETE',
    })
    expect(r.status).toBe(204)
    expect(r.body).toBe('')
    expect(r.headers['access-control-allow-origin']).toBe(APP)
    expect(r.headers['access-control-allow-methods']).toBe('GET,HEAD,PUT,PATCH,POST,DELETE')
    expect(varyTokens(r.headers.vary)).toEqual(PREFLIGHT_VARY)
  })

  it('answers the preflight of a route that has no OPTIONS handler, and refuses another origin with 403', async () => {
    const ok = await send(url, 'OPTIONS', '/api/items', {
      origin: APP,
      'access-control-request-method': 'DELETE',
    })
    const refused = await send(url, 'OPTIONS', '/api/items', {
      origin: EVIL,
      'access-control-request-method': 'DELETE',
    })
    expect(ok.status).toBe(204)
    expect(refused.status).toBe(403)
    expect(refused.headers['access-control-allow-origin']).toBeUndefined()
  })

  it("adds the headers to the route's answer and merges its Vary", async () => {
    const r = await send(url, 'GET', '/api/items', { origin: APP })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toEqual({ items: ['tea'] })
    expect(r.headers).toMatchObject({ ...GRANTED, 'x-request-id': 'req-1' })
    expect(varyTokens(r.headers.vary)).toEqual(['accept-encoding', 'origin'])
  })

  it.each([
    ['/api/teapot', 418],
    ['/api/boom', 500],
    ['/no/route/here', 404],
  ])("keeps them on Nitro's error response for GET %s (%i)", async (path, status) => {
    const r = await send(url, 'GET', path, { origin: APP })
    expect(r.status).toBe(status)
    expect(r.headers['content-type']).toContain('application/json')
    expect(r.headers).toMatchObject(GRANTED)
    expect(varyTokens(r.headers.vary)).toEqual(['origin'])
  })

  it('gives a refused origin no CORS headers, and still Vary: Origin', async () => {
    const r = await send(url, 'GET', '/api/items', { origin: EVIL })
    expect(r.status).toBe(200)
    expect(r.headers['access-control-allow-origin']).toBeUndefined()
    expect(varyTokens(r.headers.vary)).toEqual(['accept-encoding', 'origin'])
  })
})
