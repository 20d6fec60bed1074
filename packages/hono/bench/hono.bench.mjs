// One Hono app three ways — no CORS, `hono/cors`, `@crossway/hono` — on the same policy and
// the same three requests (an allowed GET, a GET from a refused origin, an allowed preflight),
// in-process through `app.fetch`. Every answer is checked before anything is timed, then the
// throughput ratio @crossway/hono ÷ hono/cors is printed from this one run. Runs against the
// build: `pnpm build` first, then `pnpm bench` in packages/hono.

import { createCors } from '@crossway/core'
import { Hono } from 'hono'
import { cors as honoCors } from 'hono/cors'
import { do_not_optimize } from 'mitata'
import { cors } from '../dist/index.js'

const ORIGINS = ['https://a.example.com', 'https://b.example.com', 'https://c.example.com']
const ALLOWED = 'https://b.example.com'
const REFUSED = 'https://evil.example.net'

const route = (c) => c.text('ok')
const apps = {
  'no cors': new Hono().get('/', route),
  'hono/cors': new Hono().use(honoCors({ origin: ORIGINS, credentials: true, maxAge: 600 })).get('/', route),
  '@crossway/hono': new Hono().use(cors({ origin: ORIGINS, credentials: true, maxAge: 600 })).get('/', route),
}
// The core's Web path around the same plain app (issue #2's measure): no Hono middleware, so
// a preflight never enters Hono's dispatch.
const webPath = createCors({ origin: ORIGINS, credentials: true, maxAge: 600 })
const plain = apps['no cors']
apps['cors.handle'] = { fetch: (request) => webPath.handle(request, (req) => plain.fetch(req)) }

const requests = {
  'allowed GET': new Request('http://api.test/', { headers: { origin: ALLOWED } }),
  'refused GET': new Request('http://api.test/', { headers: { origin: REFUSED } }),
  'allowed preflight': new Request('http://api.test/', {
    method: 'OPTIONS',
    headers: {
      origin: ALLOWED,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'content-type',
    },
  }),
}

// What each app must answer; a benchmark of a wrong answer measures nothing.
const expected = {
  'allowed GET': { status: 200, body: 'ok', acao: ALLOWED },
  'refused GET': { status: 200, body: 'ok', acao: null },
  'allowed preflight': { status: 204, body: '', acao: ALLOWED, acah: 'content-type' },
}

async function check(appName, requestName) {
  const response = await apps[appName].fetch(requests[requestName])
  const want = expected[requestName]
  const seen = {
    status: response.status,
    body: await response.text(),
    acao: response.headers.get('access-control-allow-origin'),
    ...(want.acah && { acah: response.headers.get('access-control-allow-headers') }),
  }
  if (appName === 'no cors') Object.assign(seen, { acao: want.acao }) // no CORS: only the app's answer counts
  if (requestName === 'allowed preflight' && appName === 'no cors') return
  if (JSON.stringify(seen) !== JSON.stringify(want)) {
    throw new Error(`${appName}, ${requestName}: got ${JSON.stringify(seen)}, want ${JSON.stringify(want)}`)
  }
  if (
    (appName === '@crossway/hono' || appName === 'cors.handle') &&
    !/origin/i.test(response.headers.get('vary') ?? '')
  ) {
    throw new Error(`${appName}, ${requestName}: no Vary: Origin`)
  }
}
for (const appName of Object.keys(apps))
  for (const requestName of Object.keys(requests)) await check(appName, requestName)

// In definition order, as `run()` returns them.
// Timed in rounds: each round runs every app on every request back to back, in an order that
// rotates, so a machine that drifts (this one is a shared 2-core VM) slows all three alike; the
// ratio is taken within each round and its median over the rounds is reported.
const ROUNDS = Number(process.env.ROUNDS ?? 21)
const BATCH = Number(process.env.BATCH ?? 20_000)
const names = Object.keys(apps)

async function timeBatch(app, request) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < BATCH; i++) do_not_optimize(await app.fetch(request))
  return Number(process.hrtime.bigint() - start) / BATCH
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const quartiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return [s[Math.floor((s.length - 1) / 4)], s[Math.ceil(((s.length - 1) * 3) / 4)]]
}

const samples = {} // request → app → ns per request, one per round
for (const requestName of Object.keys(requests)) {
  samples[requestName] = {}
  // Warm-up: every app on every request, so the JIT has seen them all before timing starts.
  for (const appName of names) await timeBatch(apps[appName], requests[requestName])
}
for (let round = 0; round < ROUNDS; round++) {
  for (const requestName of Object.keys(requests)) {
    const order = names.map((_, i) => names[(i + round) % names.length])
    for (const appName of order) {
      if (requestName === 'allowed preflight' && appName === 'no cors') continue
      samples[requestName][appName] ??= []
      samples[requestName][appName].push(await timeBatch(apps[appName], requests[requestName]))
    }
  }
  process.stderr.write(`\rround ${round + 1}/${ROUNDS}`)
}
process.stderr.write('\n')

const us = (ns) => (ns === undefined ? '—' : `${(ns / 1000).toFixed(2)} µs`)
const ratioOf = (s, ours) => {
  const ratios = s['hono/cors'].map((theirs, i) => theirs / s[ours][i])
  const [q1, q3] = quartiles(ratios)
  return { median: median(ratios), text: `${median(ratios).toFixed(2)}× (${q1.toFixed(2)}–${q3.toFixed(2)})` }
}
console.log(
  `median time per request over ${ROUNDS} rounds of ${BATCH}; throughput ÷ hono/cors is the median of the ` +
    'per-round ratios, with its interquartile range:',
)
console.log(
  `  ${''.padEnd(18)} ${'no cors'.padStart(9)} ${'hono/cors'.padStart(9)} ${'ours'.padStart(9)} ${'handle'.padStart(9)}` +
    `  ${'@crossway/hono ÷ hono/cors'.padEnd(27)} cors.handle ÷ hono/cors`,
)
let worst = Number.POSITIVE_INFINITY
let worstHandle = Number.POSITIVE_INFINITY
for (const requestName of Object.keys(requests)) {
  const s = samples[requestName]
  const cells = ['no cors', 'hono/cors', '@crossway/hono', 'cors.handle']
    .map((a) => us(s[a] && median(s[a])).padStart(9))
    .join(' ')
  const adapter = ratioOf(s, '@crossway/hono')
  const handle = ratioOf(s, 'cors.handle')
  worst = Math.min(worst, adapter.median)
  worstHandle = Math.min(worstHandle, handle.median)
  console.log(`  ${requestName.padEnd(18)} ${cells}  ${adapter.text.padEnd(27)} ${handle.text}`)
}
const verdict = (x) => `${x >= 2 ? 'met' : 'MISSED'} (lowest ${x.toFixed(2)}×)`
console.log(
  `at least 2× hono/cors on every request: @crossway/hono ${verdict(worst)}; cors.handle ${verdict(worstHandle)}`,
)
