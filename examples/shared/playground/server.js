// The playground's own server. It serves the same page on two origins, one the examples'
// policy allows (http://localhost:PAGE) and one it does not (http://127.0.0.1:PAGE2), and a
// same-origin probe: a browser never lets a page read the headers of a response it blocked,
// so the page asks this server to replay the request (the preflight, then the request) with
// the page's Origin and shows the CORS headers that came back. The probe only talks to the
// examples it was given, never to an address taken from the request.
import { readFile } from 'node:fs/promises'
import { createServer, request as httpRequest } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(fileURLToPath(import.meta.url))
const STATIC = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/runner.html': ['runner.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/runner.js': ['runner.js', 'text/javascript; charset=utf-8'],
  '/cors-check.js': ['cors-check.js', 'text/javascript; charset=utf-8'],
  '/scenarios.js': ['scenarios.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
}
// What the probe reports: the response headers that decide a CORS check.
const REPORTED = /^(access-control-|vary$)/

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body))
}

function exchange(url, method, headers, body) {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method, headers, agent: false, timeout: 5000 }, (res) => {
      const picked = {}
      for (const [name, value] of Object.entries(res.headers)) {
        if (REPORTED.test(name)) picked[name] = Array.isArray(value) ? value.join(', ') : value
      }
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode, headers: picked }))
    })
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')))
    req.on('error', (error) => resolve({ error: error.message }))
    req.end(body)
  })
}

async function readJson(req) {
  let text = ''
  for await (const chunk of req) {
    text += chunk
    if (text.length > 65_536) throw new Error('body too large')
  }
  return JSON.parse(text)
}

async function probe(input, targets) {
  const target = targets.find((t) => t.name === input.target && t.url)
  if (!target) return { status: 404, body: { error: `no running example named ${input.target}` } }
  if (typeof input.path !== 'string' || !input.path.startsWith('/')) {
    return { status: 400, body: { error: 'path must start with /' } }
  }
  const url = target.url + input.path
  const headers = { ...(input.headers ?? {}) }
  if (input.origin) headers.origin = input.origin
  let preflight = null
  if (input.preflight) {
    const names = input.preflight.headers ?? []
    preflight = await exchange(url, 'OPTIONS', {
      origin: input.origin,
      'access-control-request-method': input.method,
      ...(names.length ? { 'access-control-request-headers': names.join(',') } : {}),
    })
  }
  const actual = await exchange(url, input.method, headers, input.body || undefined)
  return { status: 200, body: { preflight, actual } }
}

/**
 * Serves the playground on 127.0.0.1:pagePort (opened as http://localhost:pagePort) and
 * 127.0.0.1:page2Port. `targets` are `{ name, label, url }` (running) or `{ name, label,
 * reason }` (not running). Resolves with `{ origins, close() }`.
 *
 * @param {{ pagePort: number, page2Port: number,
 *   targets: Array<{ name: string, label: string, url?: string, reason?: string }> }} options
 */
export async function startPlayground({ pagePort, page2Port, targets }) {
  const origins = { allowed: `http://localhost:${pagePort}`, other: `http://127.0.0.1:${page2Port}` }
  const config = JSON.stringify({ origins, targets })

  async function route(req, res) {
    const url = new URL(req.url, 'http://playground')
    if (req.method === 'GET' && url.pathname === '/config.json') return send(res, 200, config)
    if (req.method === 'POST' && url.pathname === '/__probe') {
      const result = await probe(await readJson(req), targets)
      return send(res, result.status, result.body)
    }
    if (req.method === 'GET' && url.pathname === '/__stats') {
      const target = targets.find((t) => t.name === url.searchParams.get('target') && t.url)
      if (!target) return send(res, 404, { error: 'unknown target' })
      const answer = await fetch(`${target.url}/__stats`, { signal: AbortSignal.timeout(5000) })
      return send(res, answer.status, await answer.text())
    }
    const file = STATIC[url.pathname]
    if (req.method === 'GET' && file) {
      return send(res, 200, await readFile(join(root, file[0])), file[1])
    }
    send(res, 404, { error: 'not found' })
  }

  const handler = (req, res) =>
    route(req, res).catch((error) => {
      if (!res.headersSent) send(res, 500, { error: error.message })
      else res.destroy()
    })
  const servers = [createServer(handler), createServer(handler)]
  await Promise.all(
    servers.map(
      (server, i) =>
        new Promise((resolve, reject) => {
          server.once('error', reject)
          server.listen(i === 0 ? pagePort : page2Port, '127.0.0.1', resolve)
        }),
    ),
  )
  return {
    origins,
    close: () =>
      Promise.all(
        servers.map((server) => {
          server.closeAllConnections()
          return new Promise((resolve) => server.close(() => resolve()))
        }),
      ),
  }
}
