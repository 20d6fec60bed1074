// One Hono app three ways — no CORS, `hono/cors`, `@crossway/hono` — on the same policy and
// the same three requests (an allowed GET, a GET from a refused origin, an allowed preflight),
// in-process through `app.fetch`. Every answer is checked before anything is timed, then the
// throughput ratio @crossway/hono ÷ hono/cors is printed from this one run. Runs against the
// build: `pnpm build` first, then `pnpm bench` in packages/hono.
import { Hono } from 'hono'
import { cors as honoCors } from 'hono/cors'
import { bench, do_not_optimize, group, run, summary } from 'mitata'
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
  if (appName === '@crossway/hono' && !/origin/i.test(response.headers.get('vary') ?? '')) {
    throw new Error(`${appName}, ${requestName}: no Vary: Origin`)
  }
}
for (const appName of Object.keys(apps))
  for (const requestName of Object.keys(requests)) await check(appName, requestName)

// In definition order, as `run()` returns them.
const defined = []
for (const requestName of Object.keys(requests)) {
  const request = requests[requestName]
  summary(() => {
    group(requestName, () => {
      for (const [appName, app] of Object.entries(apps)) {
        // A preflight without CORS is the app's 404: not a baseline for anything.
        if (requestName === 'allowed preflight' && appName === 'no cors') continue
        defined.push({ requestName, appName })
        bench(appName, async () => do_not_optimize(await app.fetch(request)))
      }
    })
  })
}

const { benchmarks } = await run({ format: process.env.BENCH_FORMAT ?? 'mitata' })

// Medians, not means: on a shared machine a few iterations stalled by another process would
// otherwise decide the ratio.
const median = (requestName, appName) => {
  const i = defined.findIndex((d) => d.requestName === requestName && d.appName === appName)
  return i === -1 ? undefined : benchmarks[i].runs[0].stats.p50
}
const us = (ns) => (ns === undefined ? '—' : `${(ns / 1000).toFixed(2)} µs`)
console.log('\nmedian time per request, and throughput @crossway/hono ÷ hono/cors (same run):')
console.log(
  `  ${''.padEnd(18)} ${'no cors'.padStart(9)} ${'hono/cors'.padStart(9)} ${'ours'.padStart(9)}  ratio`,
)
for (const requestName of Object.keys(requests)) {
  const [none, theirs, ours] = ['no cors', 'hono/cors', '@crossway/hono'].map((a) => median(requestName, a))
  const cells = [none, theirs, ours].map((ns) => us(ns).padStart(9)).join(' ')
  console.log(`  ${requestName.padEnd(18)} ${cells}  ${(theirs / ours).toFixed(2)}×`)
}
