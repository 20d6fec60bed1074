import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import http from 'node:http'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type RunningBridge, startBridge } from '../../../examples/lambda/bridge.js'
import { handler } from '../../../examples/lambda/handler.js'

// examples/lambda: the routes of examples/shared/README.md in one function, served as a
// function URL (payload 2.0) through the bridge, the way `pnpm start` serves it.
const PAGE = `http://localhost:${process.env.PAGE_PORT || 5173}`
const EVIL = 'http://127.0.0.1:9'

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

function request(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
) {
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        text += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('the example handler, as a function URL', () => {
  let bridge: RunningBridge
  beforeAll(async () => {
    bridge = await startBridge(handler, { front: 'function-url', log: () => {} })
  })
  afterAll(() => bridge.close())
  const call = (method: string, path: string, headers?: Record<string, string>, body?: string) =>
    request(bridge.url, method, path, headers, body)

  it('GET /api/hello: the api policy, x-request-id exposed', async () => {
    const answer = await call('GET', '/api/hello', { origin: PAGE })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({ message: 'hello', framework: 'lambda' })
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': PAGE,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
      'x-internal': 'not-exposed',
      vary: 'Origin',
    })
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('preflights: allowed PUT answered by the wrapper and counted; PATCH answered in debug style', async () => {
    const before = JSON.parse((await call('GET', '/__stats')).body).options
    const put = await call('OPTIONS', '/api/items', {
      origin: PAGE,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'content-type',
    })
    expect(put.status).toBe(204)
    expect(put.headers).toMatchObject({
      'access-control-allow-methods': 'GET,HEAD,POST,PUT,DELETE',
      'access-control-allow-headers': 'content-type,x-api-key',
      'access-control-max-age': '600',
    })
    const patch = await call('OPTIONS', '/api/items', {
      origin: PAGE,
      'access-control-request-method': 'PATCH',
    })
    expect(patch.headers['access-control-allow-methods']).toBe('GET,HEAD,POST,PUT,DELETE')
    expect(JSON.parse((await call('GET', '/__stats')).body).options).toBe(before + 2)
  })

  it('a refused origin: no CORS headers, its preflight a 403', async () => {
    const get = await call('GET', '/api/hello', { origin: EVIL })
    expect(get.status).toBe(200)
    expect(get.headers['access-control-allow-origin']).toBeUndefined()
    const preflight = await call('OPTIONS', '/api/items', {
      origin: EVIL,
      'access-control-request-method': 'PUT',
    })
    expect(preflight.status).toBe(403)
  })

  it('GET /api/error: a 500 the browser can read (onError)', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const answer = await call('GET', '/api/error', { origin: PAGE })
    expect(logged).toHaveBeenCalledWith('[lambda] GET /api/error: boom')
    logged.mockRestore()
    expect(answer.status).toBe(500)
    expect(JSON.parse(answer.body)).toEqual({ error: 'boom', framework: 'lambda' })
    expect(answer.headers['access-control-allow-origin']).toBe(PAGE)
  })

  it('GET /api/public/hello: the public policy only', async () => {
    const answer = await call('GET', '/api/public/hello', { origin: EVIL })
    expect(answer.headers['access-control-allow-origin']).toBe('*')
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined()
  })

  it('the session cookie: set through `cookies`, read back from `cookies`', async () => {
    const set = await call('GET', '/api/cookie', { origin: PAGE })
    const cookie = set.headers['set-cookie']?.[0]
    expect(cookie).toMatch(/^crossway_session=[0-9a-f-]+; Path=\/; Max-Age=3600; SameSite=Lax; HttpOnly$/)
    const value = JSON.parse(set.body).set
    const whoami = await call('GET', '/api/whoami', {
      origin: PAGE,
      cookie: `other=1; crossway_session=${value}`,
    })
    expect(JSON.parse(whoami.body)).toEqual({ cookie: value, framework: 'lambda' })
  })

  it('csrf: a forged form post never reaches the handler; the page’s own post does', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const forged = await call(
      'POST',
      '/api/items?n=forged',
      { ...form, origin: EVIL, 'sec-fetch-site': 'cross-site' },
      'a=1',
    )
    expect(forged.status).toBe(403)
    const allowed = await call(
      'POST',
      '/api/items?n=allowed',
      { ...form, origin: PAGE, 'sec-fetch-site': 'same-site' },
      'a=1',
    )
    expect(JSON.parse(allowed.body)).toMatchObject({ created: { a: '1' }, session: null })
    const { unsafe } = JSON.parse((await call('GET', '/__stats')).body)
    expect(unsafe).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ url: '/api/items?n=forged', origin: EVIL, handled: false }),
        expect.objectContaining({ url: '/api/items?n=allowed', origin: PAGE, handled: true }),
      ]),
    )
  })

  it('PUT takes JSON, HEAD answers without a body, an unknown path is a 404 with CORS', async () => {
    const put = await call(
      'PUT',
      '/api/items',
      { origin: PAGE, 'content-type': 'application/json' },
      '{"x":1}',
    )
    expect(JSON.parse(put.body)).toEqual({ saved: { x: 1 }, framework: 'lambda' })
    const head = await call('HEAD', '/api/hello', { origin: PAGE })
    expect(head).toMatchObject({ status: 200, body: '' })
    const missing = await call('GET', '/api/nope', { origin: PAGE })
    expect(missing.status).toBe(404)
    expect(missing.headers['access-control-allow-origin']).toBe(PAGE)
  })
})

const exampleDir = fileURLToPath(new URL('../../../examples/lambda/', import.meta.url))
const builds = ['../dist/index.js', '../../core/dist/index.js'].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
)
const missing = builds.filter((file) => !existsSync(file))

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

// `pnpm start` in the example: a plain Node process on the builds, listening on HOST/PORT.
describe.skipIf(missing.length > 0)(
  missing.length > 0
    ? `server.js: SKIPPED, ${missing.join(' and ')} missing (run \`pnpm build\` first)`
    : 'server.js',
  () => {
    it('listens on HOST and PORT and serves the routes', async () => {
      const port = await freePort()
      const child = spawn(process.execPath, ['server.js'], {
        cwd: exampleDir,
        env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      try {
        await new Promise<void>((resolve, reject) => {
          let output = ''
          const timer = setTimeout(() => reject(new Error(`server.js did not start:\n${output}`)), 10_000)
          const onData = (chunk: Buffer) => {
            output += chunk
            if (output.includes(`http://127.0.0.1:${port}`)) {
              clearTimeout(timer)
              resolve()
            }
          }
          child.stdout.on('data', onData)
          child.stderr.on('data', onData)
          child.on('exit', (code) => reject(new Error(`server.js exited with ${code}:\n${output}`)))
        })
        const answer = await request(`http://127.0.0.1:${port}`, 'GET', '/api/hello', { origin: PAGE })
        expect(answer.status).toBe(200)
        expect(answer.headers['access-control-allow-origin']).toBe(PAGE)
      } finally {
        child.kill()
      }
    })
  },
)
