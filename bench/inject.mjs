#!/usr/bin/env node
// The CPU one CORS layer adds to one request, measured in process: each framework's app (the
// same four variants as run.mjs, built by apps.mjs) is driven through `light-my-request`,
// which hands it a request and a `ServerResponse` without a socket. Sockets, the parser and
// the load generator are what make the HTTP run (run.mjs) drift by several µs between runs;
// here they are gone, and what is left is the framework plus the middleware under test.
//
// Method: all four variants of a framework live in this one process. Each round measures
// every cell for every variant back to back, in an order that rotates every round, with a
// full GC before each sample; a sample is the process's CPU time over `--requests` requests
// sent one after another. What a layer adds is taken per round (variant − none, the same
// round) and the median over rounds is reported, so drift cancels out in each pair.
//
//   node --expose-gc inject.mjs [--only express,koa] [--rounds 15] [--requests 3000]
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import inject from 'light-my-request'
import { createApp, FRAMEWORKS, LABELS, variantsOf } from './apps.mjs'
import { CELLS, check, NEST_CELLS } from './cells.mjs'
import { machine } from './report.mjs'

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    rounds: { type: 'string', default: '15' },
    requests: { type: 'string', default: '3000' },
    warmup: { type: 'string', default: '3000' },
    out: { type: 'string', default: 'results/inject.md' },
  },
})
const ROUNDS = Number(args.rounds)
const REQUESTS = Number(args.requests)
const WARMUP = Number(args.warmup)
const frameworks = args.only ? args.only.split(',') : FRAMEWORKS
for (const fw of frameworks) {
  if (!FRAMEWORKS.includes(fw)) throw new Error(`unknown framework ${fw}; pick from ${FRAMEWORKS.join(', ')}`)
}
if (typeof globalThis.gc !== 'function') {
  console.error('inject.mjs: run with `node --expose-gc inject.mjs` (a GC before each sample)')
  process.exit(1)
}

// The 100 KB preflight is left to run.mjs: what it measures is the parser's work, not ours.
const cellsOf = (fw) =>
  CELLS.filter((c) => c.id !== 'preflight-100k' && (fw !== 'nest' || NEST_CELLS.includes(c.id)))

// Issue 11's budgets over the floor's added CPU.
const BUDGET_US = { fastify: 0.3, koa: 0.3, express: 2, nest: 2 }

/** A dispatch function `(req, res)` for `light-my-request`, from the server apps.mjs builds. */
function dispatcherOf(server) {
  const [listener] = server.listeners('request')
  if (typeof listener !== 'function') throw new Error('the app server has no request listener')
  return listener
}

const send = (dispatch, cell) =>
  inject(dispatch, { method: cell.method, url: '/', headers: { host: 'api.test', ...cell.headers } })

// `light-my-request` settles on microtasks and leaves a `setImmediate` per request: a loop that
// only awaits would never let the event loop reach its check phase, and every request would
// stay in memory (as with a real server, the loop must turn between requests).
const turn = () => new Promise((resolve) => setImmediate(resolve))

async function sample(dispatch, cell, n) {
  globalThis.gc()
  const start = process.cpuUsage()
  for (let i = 0; i < n; i++) {
    await send(dispatch, cell)
    await turn()
  }
  const used = process.cpuUsage(start)
  return (used.user + used.system) / n
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const fmt = (us) => `${us >= 0 ? '+' : '−'}${Math.abs(us).toFixed(2)} µs`

const rows = []
const verdicts = []
const started = Date.now()
for (const fw of frameworks) {
  const variants = variantsOf(fw)
  const apps = {}
  for (const v of variants) apps[v] = dispatcherOf(await createApp(fw, v))
  // Check every answer before trusting any number.
  for (const cell of cellsOf(fw)) {
    for (const v of variants) {
      const res = await send(apps[v], cell)
      const problems = check(v, cell, {
        status: res.statusCode,
        headers: res.headers,
        body: res.payload,
      })
      if (problems.length > 0) throw new Error(`${fw}/${v} ${cell.id}: ${problems.join(', ')}`)
    }
  }
  for (const cell of cellsOf(fw)) for (const v of variants) await sample(apps[v], cell, WARMUP)

  const samples = {} // cell → variant → [µs per request, one per round]
  for (let round = 0; round < ROUNDS; round++) {
    for (const cell of cellsOf(fw)) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length])
      for (const v of order) {
        samples[cell.id] ??= {}
        samples[cell.id][v] ??= []
        samples[cell.id][v].push(await sample(apps[v], cell, REQUESTS))
      }
    }
    process.stderr.write(`\r${fw}: round ${round + 1}/${ROUNDS}`)
  }
  process.stderr.write('\n')

  for (const cell of cellsOf(fw)) {
    const s = samples[cell.id]
    const added = (v) => median(s[v].map((x, i) => x - s.none[i]))
    const row = { fw, cell: cell.label, none: median(s.none) }
    for (const v of variants) if (v !== 'none') row[v] = { cpu: median(s[v]), added: added(v) }
    // Spread of the paired difference: half its interquartile range.
    const diffs = s.ours.map((x, i) => x - s.none[i]).sort((a, b) => a - b)
    row.spread = (diffs[Math.floor(diffs.length * 0.75)] - diffs[Math.floor(diffs.length * 0.25)]) / 2
    rows.push(row)
    if (cell.method === 'GET') {
      const budget = row.floor.added + BUDGET_US[fw]
      verdicts.push({
        fw,
        cell: cell.label,
        target: `added CPU ≤ the floor's + ${BUDGET_US[fw]} µs`,
        ours: row.ours.added,
        against: budget,
        met: row.ours.added <= budget,
      })
      verdicts.push({
        fw,
        cell: cell.label,
        target: 'added CPU ≤ the peer’s',
        ours: row.ours.added,
        against: row.peer.added,
        met: row.ours.added <= row.peer.added,
      })
    } else {
      // Throughput of one core is the inverse of CPU per request.
      const ratio = row.peer.cpu / row.ours.cpu
      const floorRatio = row.peer.cpu / row.floor.cpu
      const need = floorRatio >= 1.2 ? 1.2 : 1
      verdicts.push({
        fw,
        cell: cell.label,
        target: `≥ ${need.toFixed(1)}× the peer's requests per CPU-second (floor: ${floorRatio.toFixed(2)}×)`,
        ratio,
        met: ratio >= need,
      })
    }
  }
}

const info = await machine()
const lines = [
  `In-process run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at ${info.commit ?? '?'}: ` +
    `${ROUNDS} rounds × ${REQUESTS} requests per sample (after ${WARMUP} per cell and variant to warm up), ` +
    `${Math.round((Date.now() - started) / 1000)} s; ${info.cpu}, Node ${info.node}.`,
  '',
  '| framework | request | none µs/req | floor added | peer added | ours added | ours ± | ours ÷ peer req per CPU-s |',
  '|---|---|--:|--:|--:|--:|--:|--:|',
  ...rows.map(
    (r) =>
      `| ${LABELS[r.fw].none} | ${r.cell} | ${r.none.toFixed(2)} | ${fmt(r.floor.added)} | ${fmt(r.peer.added)} | ` +
      `**${fmt(r.ours.added)}** | ${r.spread.toFixed(2)} | ${(r.peer.cpu / r.ours.cpu).toFixed(2)}× |`,
  ),
  '',
  '| framework | request | target | result | |',
  '|---|---|---|--:|---|',
  ...verdicts.map(
    (v) =>
      `| ${LABELS[v.fw].none} | ${v.cell} | ${v.target} | ` +
      `${v.ratio === undefined ? `${fmt(v.ours)} vs ${fmt(v.against)}` : `${v.ratio.toFixed(2)}×`} | ${v.met ? '✅ met' : '❌ missed'} |`,
  ),
]
const report = lines.join('\n')
console.log(report)
writeFileSync(new URL(args.out, import.meta.url), `${report}\n`)
