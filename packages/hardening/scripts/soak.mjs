#!/usr/bin/env node
// Soak: one adapter in a child process under mixed traffic from autocannon for N seconds.
// Every response is checked against its request class (status, and which CORS headers it
// carries); heap after GC and RSS are sampled every second over IPC. Reports start/end,
// the least-squares slope of each (KB/s) and latency percentiles.
//
//   node scripts/soak.mjs --adapter fastify|koa|express [--seconds 60] [--warmup 3]
//                         [--connections 10] [--json] [--leak-bytes N]
//
// --leak-bytes N makes the server keep N bytes per request: a check that the figures show a leak.
// Exits 1 when any response was unexpected or any request failed.

import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const { values: args } = parseArgs({
  options: {
    adapter: { type: 'string' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    'leak-bytes': { type: 'string', default: '0' },
  },
})
const adapter = args.adapter
const seconds = Number(args.seconds)
const warmup = Number(args.warmup)
const connections = Number(args.connections)
if (
  !['fastify', 'koa', 'express'].includes(adapter) ||
  !(seconds > 0) ||
  !(warmup >= 0) ||
  !(connections > 0)
) {
  console.error(
    'usage: soak.mjs --adapter fastify|koa|express [--seconds 60] [--warmup 3] [--connections 10] [--json] [--leak-bytes N]',
  )
  process.exit(2)
}

const ALLOWED = 'https://foo.com'
const PREFLIGHT_VARY =
  'origin, access-control-request-method, access-control-request-headers, access-control-request-private-network'

/**
 * The request classes, sent in this order on every connection. `acao` is the exact
 * Access-Control-Allow-Origin expected (`null`: none); `also`/`absent` name other headers
 * that must, or must not, be there. autocannon writes `name: value` verbatim, so a CRLF
 * inside a value is how a second line of the same header is sent.
 */
const classes = [
  {
    name: 'allowed actual',
    method: 'GET',
    path: '/',
    headers: { origin: ALLOWED },
    status: 200,
    acao: ALLOWED,
    also: { 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'x-request-id' },
  },
  {
    name: 'wildcard actual',
    method: 'GET',
    path: '/',
    headers: { origin: 'https://a.b.example.com' },
    status: 200,
    acao: 'https://a.b.example.com',
  },
  {
    name: 'refused actual',
    method: 'GET',
    path: '/',
    headers: { origin: 'https://barfoo.com' },
    status: 200,
    acao: null,
    absent: ['access-control-allow-credentials'],
  },
  { name: 'not cors', method: 'GET', path: '/', headers: {}, status: 200, acao: null },
  {
    name: 'allowed post',
    method: 'POST',
    path: '/resource',
    status: 201,
    acao: ALLOWED,
    headers: { origin: ALLOWED, 'content-type': 'application/json' },
    body: '{"a":1}',
  },
  {
    name: 'allowed preflight',
    method: 'OPTIONS',
    path: '/resource',
    status: 204,
    acao: ALLOWED,
    headers: {
      origin: ALLOWED,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'content-type,x-a',
      'access-control-request-private-network': 'true',
    },
    also: {
      'access-control-allow-headers': 'content-type,x-a',
      'access-control-allow-private-network': 'true',
      'access-control-max-age': '600',
    },
  },
  {
    name: 'refused preflight (origin)',
    method: 'OPTIONS',
    path: '/resource',
    status: 403,
    acao: null,
    headers: { origin: 'https://a.example.com.evil.net', 'access-control-request-method': 'PUT' },
  },
  {
    name: 'refused preflight (method)',
    method: 'OPTIONS',
    path: '/resource',
    status: 403,
    acao: null,
    headers: { origin: ALLOWED, 'access-control-request-method': 'PATCH' },
  },
  {
    name: 'hostile acrh (20 KB of commas)',
    method: 'OPTIONS',
    path: '/resource',
    status: 403,
    acao: null,
    headers: {
      origin: ALLOWED,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': ','.repeat(20_000),
    },
  },
  {
    name: 'hostile acrh (2,000 names)',
    method: 'OPTIONS',
    path: '/resource',
    status: 403,
    acao: null,
    headers: {
      origin: ALLOWED,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'x-a, '.repeat(2_000),
    },
  },
  {
    name: 'hostile origin (8 KB)',
    method: 'GET',
    path: '/',
    status: 200,
    acao: null,
    headers: { origin: `https://${'a.'.repeat(4_000)}example.com` },
  },
  {
    name: 'hostile origin (two lines)',
    method: 'GET',
    path: '/',
    status: 200,
    acao: null,
    headers: { origin: `${ALLOWED}\r\norigin: ${ALLOWED}` },
  },
  {
    name: 'hostile origin (non-ASCII)',
    method: 'GET',
    path: '/',
    status: 200,
    acao: null,
    headers: { origin: 'https://bücher.example.com' },
  },
  {
    name: 'hostile acrpn',
    method: 'OPTIONS',
    path: '/resource',
    status: 204,
    acao: ALLOWED,
    headers: {
      origin: ALLOWED,
      'access-control-request-method': 'GET',
      'access-control-request-private-network': 'true\r\naccess-control-request-private-network: true',
    },
    absent: ['access-control-allow-private-network'],
  },
  {
    name: 'error route',
    method: 'GET',
    path: '/error',
    status: 500,
    acao: ALLOWED,
    headers: { origin: ALLOWED },
  },
  {
    name: 'missing route',
    method: 'GET',
    path: '/missing',
    status: 404,
    acao: ALLOWED,
    headers: { origin: ALLOWED },
  },
]

function startServer() {
  const script = fileURLToPath(new URL('./soak-server.mjs', import.meta.url))
  // Node's default parser, as in production; 64 KB of headers so the 20 KB values reach the
  // middleware instead of the 431 Node sends past 16 KB.
  const child = fork(script, [adapter, args['leak-bytes']], {
    execArgv: ['--expose-gc', '--max-http-header-size=65536'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const pending = new Map()
  let nextId = 0
  const ready = new Promise((resolve, reject) => {
    child.on('message', (message) => {
      if (message.ready) resolve(message.port)
      else pending.get(message.id)?.(message)
    })
    child.once('exit', (code) => reject(new Error(`the ${adapter} server exited with ${code}`)))
  })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)))
  return {
    ready,
    exited,
    /** Whether the server process is gone (a crash, unless `close` ended it). */
    get gone() {
      return child.exitCode !== null || child.signalCode !== null
    },
    sample: () =>
      new Promise((resolve, reject) => {
        const id = nextId++
        const timer = setTimeout(() => reject(new Error('no memory sample within 5 s')), 5_000)
        pending.set(id, (message) => {
          clearTimeout(timer)
          pending.delete(id)
          resolve(message)
        })
        child.send({ cmd: 'sample', id })
      }),
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ cmd: 'close' })
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exited
        clearTimeout(timer)
      }
    },
  }
}

const lower = (headers) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))

/** The first problem with a response of this class, or `undefined`. */
function problemWith(spec, status, headers) {
  if (status !== spec.status) return `status ${status}, expected ${spec.status}`
  const h = lower(headers)
  if (Array.isArray(h['access-control-allow-origin'])) return 'ACAO sent twice'
  if ((h['access-control-allow-origin'] ?? null) !== spec.acao)
    return `ACAO ${JSON.stringify(h['access-control-allow-origin'])}, expected ${JSON.stringify(spec.acao)}`
  for (const [name, value] of Object.entries(spec.also ?? {}))
    if (h[name] !== value) return `${name} ${JSON.stringify(h[name])}, expected ${JSON.stringify(value)}`
  for (const name of spec.absent ?? []) if (h[name] !== undefined) return `unexpected ${name}`
  const vary = String(h.vary ?? '').toLowerCase()
  const mustVary =
    spec.method === 'OPTIONS' && spec.headers['access-control-request-method'] ? PREFLIGHT_VARY : 'origin'
  for (const token of mustVary.split(', '))
    if (!vary.includes(token)) return `Vary ${JSON.stringify(h.vary)} lacks ${token}`
  return undefined
}

function runLoad(port, duration, tally) {
  const requests = classes.map((spec) => ({
    method: spec.method,
    path: spec.path,
    headers: spec.headers,
    ...(spec.body === undefined ? {} : { body: spec.body }),
    onResponse: tally
      ? (status, _body, _context, headers) => {
          const entry = tally.get(spec.name)
          entry.count++
          const problem = problemWith(spec, status, headers)
          if (problem) {
            entry.unexpected++
            entry.example ??= problem
          }
        }
      : undefined,
  }))
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    requests,
    timeout: 10,
  })
}

/** Least-squares slope of `ys` over `xs` (seconds): units of y per second. */
function slope(xs, ys) {
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my)
    den += (xs[i] - mx) ** 2
  }
  return den === 0 ? 0 : num / den
}

/**
 * Start and end in MB, and the least-squares slope in KB/s over the whole run and over its
 * second half: memory that is still settling flattens late, a leak keeps its slope.
 */
function summarise(samples, key) {
  const fit = (part) =>
    slope(
      part.map((s) => s.t),
      part.map((s) => s[key]),
    ) / 1024
  return {
    startMB: samples[0][key] / 2 ** 20,
    endMB: samples[samples.length - 1][key] / 2 ** 20,
    slopeKBs: fit(samples),
    lateSlopeKBs: fit(samples.slice(Math.floor(samples.length / 2))),
  }
}

const server = startServer()
let report
try {
  const port = await server.ready
  // Warm-up: JIT compilation, lazy framework set-up, V8 growing its heap to the load.
  if (warmup > 0) await runLoad(port, warmup, undefined)

  const tally = new Map(classes.map((spec) => [spec.name, { count: 0, unexpected: 0, example: undefined }]))
  const started = performance.now()
  const samples = [{ t: 0, ...(await server.sample()) }]
  const load = runLoad(port, seconds, tally)
  // One sample a second while the load runs, each after a full GC in the server.
  const sampler = setInterval(() => {
    const t = (performance.now() - started) / 1000
    server.sample().then(
      (m) => samples.push({ t, ...m }),
      () => {},
    )
  }, 1000)
  const result = await load
  clearInterval(sampler)
  if (server.gone) throw new Error(`the ${adapter} server died during the soak`)
  samples.push({ t: (performance.now() - started) / 1000, ...(await server.sample()) })
  samples.sort((a, b) => a.t - b.t)

  const byClass = Object.fromEntries(tally)
  const unexpected = [...tally.values()].reduce((a, c) => a + c.unexpected, 0)
  const checked = [...tally.values()].reduce((a, c) => a + c.count, 0)
  report = {
    adapter,
    seconds,
    connections,
    requests: result.requests.total,
    checked,
    requestsPerSecond: Math.round(result.requests.average),
    errors: result.errors,
    timeouts: result.timeouts,
    unexpected,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    heapUsed: summarise(samples, 'heapUsed'),
    rss: summarise(samples, 'rss'),
    external: summarise(samples, 'external'),
    samples: samples.length,
    classes: byClass,
  }
} finally {
  await server.close()
}

if (args.json) {
  console.log(JSON.stringify(report))
} else {
  const mb = (x) => x.toFixed(1)
  console.log(`soak: ${report.adapter}, ${report.seconds} s, ${report.connections} connections`)
  console.log(
    `  requests   ${report.requests} (${report.requestsPerSecond}/s), ${report.checked} checked, ${report.unexpected} unexpected, ${report.errors} errors, ${report.timeouts} timeouts`,
  )
  console.log(
    `  latency    p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`,
  )
  const line = (label, m) =>
    console.log(
      `  ${label.padEnd(10)} ${mb(m.startMB)} → ${mb(m.endMB)} MB, slope ${m.slopeKBs.toFixed(1)} KB/s (second half ${m.lateSlopeKBs.toFixed(1)} KB/s)`,
    )
  line('heap (GC)', report.heapUsed)
  line('rss', report.rss)
  line('external', report.external)
  for (const [name, c] of Object.entries(report.classes))
    if (c.unexpected > 0)
      console.log(`  ✗ ${name}: ${c.unexpected} of ${c.count} unexpected, e.g. ${c.example}`)
}
process.exit(report.unexpected === 0 && report.errors === 0 && report.timeouts === 0 ? 0 : 1)
