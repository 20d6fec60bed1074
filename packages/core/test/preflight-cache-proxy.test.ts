import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCors } from '../src/index'
import { runCors } from '../src/node'

// Issue 17: `cacheControl` through a real shared cache on loopback. Varnish, because nginx's
// proxy_cache cannot store OPTIONS responses at all (`proxy_cache_methods` takes GET, HEAD and
// POST only: nginx -t says `invalid value "OPTIONS"`), while Varnish, like CloudFront, can
// be told to — and honours `Vary` as a CDN does. See docs/preflight-caching.md.

const INSTALL = 'apt-get install -y varnish'
const A = 'https://a.example.com'
const B = 'https://b.example.com'

function findVarnishd(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin']
  return dirs.map((dir) => join(dir, 'varnishd')).find((file) => existsSync(file))
}

const varnishd = findVarnishd()
if (varnishd === undefined && process.env.CI === 'true') {
  // CI installs it (.ci/run); missing there means the step broke, and a skip would hide it.
  throw new Error(`varnishd is not installed; the preflight-caching test needs it: ${INSTALL}`)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`varnishd exited (${child.exitCode}):\n${log()}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`varnishd did not listen on ${port}:\n${log()}`)
}

interface Reply {
  readonly status: number
  readonly headers: http.IncomingHttpHeaders
}

function preflight(port: number, path: string, origin: string, method = 'PUT'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': method,
        'access-control-request-headers': 'x-api-key',
      },
      agent: false,
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe.skipIf(varnishd === undefined)(
  `cacheControl behind a shared cache (Varnish)${varnishd === undefined ? ` — skipped: varnishd not installed (${INSTALL})` : ''}`,
  () => {
    const policy = createCors({
      origin: [A, B],
      allowedHeaders: ['x-api-key'],
      maxAge: 600,
      cacheControl: 600,
    })
    let backendCalls = 0
    let backend: http.Server
    let cache: ChildProcess
    let dir: string
    let port: number
    let output = ''

    beforeAll(async () => {
      backend = http.createServer((req, res) => {
        backendCalls++
        if (req.url?.startsWith('/naive')) {
          // A control: a server that reflects the Origin and says the answer is cacheable but
          // forgets Vary. This is what the cache does with that.
          res.setHeader('access-control-allow-origin', req.headers.origin ?? '')
          res.setHeader('access-control-allow-methods', 'PUT')
          res.setHeader('cache-control', 'public, max-age=600')
          res.statusCode = 204
          res.end()
          return
        }
        runCors(policy, req, res, req, () => {
          res.end('app')
        })
      })
      await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
      const backendPort = (backend.address() as { port: number }).port
      dir = mkdtempSync(join(tmpdir(), 'crossway-varnish-'))
      // Varnish passes OPTIONS by default; a CDN set to cache preflights hashes them apart from
      // GETs and sends the real method upstream (Varnish fetches misses as GET otherwise).
      writeFileSync(
        join(dir, 'test.vcl'),
        `vcl 4.1;
backend default { .host = "127.0.0.1"; .port = "${backendPort}"; }
sub vcl_recv {
  if (req.method == "OPTIONS") {
    set req.http.x-preflight-method = req.method;
    return (hash);
  }
}
sub vcl_hash { hash_data(req.method); }
sub vcl_backend_fetch {
  if (bereq.http.x-preflight-method) { set bereq.method = bereq.http.x-preflight-method; }
}
sub vcl_deliver {
  if (obj.hits > 0) { set resp.http.x-cache = "HIT"; } else { set resp.http.x-cache = "MISS"; }
}
`,
      )
      port = await freePort()
      cache = spawn(
        varnishd!,
        [
          '-F',
          '-j',
          'none',
          '-n',
          join(dir, 'work'),
          '-a',
          `127.0.0.1:${port}`,
          '-f',
          join(dir, 'test.vcl'),
          '-s',
          'malloc,16m',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      cache.stdout!.on('data', (chunk) => (output += chunk))
      cache.stderr!.on('data', (chunk) => (output += chunk))
      await waitForPort(port, cache, () => output)
    }, 60_000)

    afterAll(async () => {
      if (cache !== undefined && cache.exitCode === null) {
        const exited = new Promise((resolve) => cache.once('exit', resolve))
        cache.kill('SIGTERM')
        await exited
      }
      await new Promise((resolve) => backend?.close(resolve))
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    })

    it("caches A's allowed preflight (a HIT the second time) and never serves it to B", async () => {
      const first = await preflight(port, '/api/items', A)
      expect(first.status).toBe(204)
      expect(first.headers['x-cache']).toBe('MISS')
      expect(first.headers['cache-control']).toBe('public, max-age=600')
      const again = await preflight(port, '/api/items', A)
      expect(again.headers['x-cache']).toBe('HIT')
      expect(again.headers['access-control-allow-origin']).toBe(A)
      expect(backendCalls).toBe(1)

      const other = await preflight(port, '/api/items', B)
      expect(other.headers['x-cache']).toBe('MISS')
      expect(other.headers['access-control-allow-origin']).toBe(B)
      expect(backendCalls).toBe(2)
      // …and each origin's own answer is then cached for it.
      expect((await preflight(port, '/api/items', B)).headers['access-control-allow-origin']).toBe(B)
      expect((await preflight(port, '/api/items', A)).headers['access-control-allow-origin']).toBe(A)
      expect(backendCalls).toBe(2)
    })

    it('never caches a refusal', async () => {
      const before = backendCalls
      for (let i = 0; i < 3; i++) {
        const refused = await preflight(port, '/api/items', 'https://evil.example')
        expect(refused.status).toBe(403)
        expect(refused.headers['cache-control']).toBe('no-store')
        expect(refused.headers['x-cache']).toBe('MISS')
        expect(refused.headers['access-control-allow-origin']).toBeUndefined()
      }
      expect(backendCalls).toBe(before + 3)
    })

    it('control: without Vary, the same cache serves A’s answer to B (what Vary prevents)', async () => {
      await preflight(port, '/naive', A)
      const leaked = await preflight(port, '/naive', B)
      expect(leaked.headers['x-cache']).toBe('HIT')
      expect(leaked.headers['access-control-allow-origin']).toBe(A)
    })
  },
)
