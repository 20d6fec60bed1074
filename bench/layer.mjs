#!/usr/bin/env node
// The CPU one CORS layer adds to one request, to a fraction of a microsecond (issue 11's
// budgets are 0.3 µs on Fastify and Koa, 2 µs on Express and Nest).
//
// Each framework's app (the same four variants as run.mjs, built by apps.mjs) gets its
// requests straight from this process: its own `request` listener is called with a
// `node:http` `IncomingMessage` and `ServerResponse` made here, with no socket, no parser and
// no load generator. The response's bytes (status line, headers, body) stay in the
// `ServerResponse`'s own buffer, and that is what is checked. What is left to time is the
// framework, the middleware under test and Node serialising the response: ~5–30 µs a request
// instead of the 30–300 µs of the HTTP run, so its drift shrinks with it.
//
// Method: one child process per framework and variant, all pinned to one core, taking turns,
// started afresh every round (a process keeps its JIT and heap layout for life, which moved a
// variant by up to ±0.5 µs on Koa and ±10 µs on Express for as long as it ran). Each round
// warms every variant up for `--warmup-ms` of CPU per cell, then times each cell for every
// variant back to back, in an order that rotates every round. A sample is the worker's CPU
// time over as many requests as fill about `--sample-ms`. No GC is forced before a sample: a
// full GC left the next few thousand requests 3–10× slower (cold inline caches, a shrunk new
// space), so samples are long enough to carry their own garbage instead. Every comparison is
// paired within a round (ours − floor, ours − peer, variant − none) and reported as the median
// over rounds with half the interquartile range.
//
//   node layer.mjs [--only express,koa] [--rounds 21] [--sample-ms 250]   # writes results/layer.md
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createApp, FRAMEWORKS, LABELS, variantsOf } from './apps.mjs'
import { CELLS, check, NEST_CELLS } from './cells.mjs'
import { pinning } from './harness.mjs'
import { machine } from './report.mjs'

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    rounds: { type: 'string', default: '21' },
    'sample-ms': { type: 'string', default: '250' },
    'warmup-ms': { type: 'string', default: '400' },
    out: { type: 'string', default: 'results/layer.md' },
    worker: { type: 'string' },
  },
})
const ROUNDS = Number(args.rounds)
const SAMPLE_US = Number(args['sample-ms']) * 1000
const WARMUP_MS = Number(args['warmup-ms'])

// The 100 KB preflight is left to run.mjs: what it measures is the parser's work, not ours.
const cellsOf = (fw) =>
  CELLS.filter((c) => c.id !== 'preflight-100k' && (fw !== 'nest' || NEST_CELLS.includes(c.id)))

// Issue 11's budgets over the floor's added CPU.
const BUDGET_US = { fastify: 0.3, koa: 0.3, express: 2, nest: 2 }

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
/** Half the interquartile range: how far a paired difference moves between rounds. */
const halfIqr = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return (s[Math.floor(s.length * 0.75)] - s[Math.floor(s.length * 0.25)]) / 2
}

// ---------------------------------------------------------------------------------------------
// The worker: one framework and one variant, in a process of its own (four variants in one
// process made every framework 2–4× slower: the variants' differently shaped requests and
// responses send the framework's and Node's shared code megamorphic, which no real server
// sees). It answers the parent's `{ cell, n }` with the CPU per request of n requests.

/** A request as Node's HTTP server would hand it over, body already ended. */
function requestFor(cell, headers, rawHeaders) {
  const req = new IncomingMessage(null)
  req.method = cell.method
  req.url = '/'
  req.httpVersionMajor = 1
  req.httpVersionMinor = 1
  req.httpVersion = '1.1'
  req.headers = { ...headers }
  req.rawHeaders = rawHeaders
  req.complete = true
  req.push(null)
  return req
}

/** What the app wrote, parsed back from the response's own output buffer. */
function written(res) {
  const bytes = res.outputData.map((chunk) => String(chunk.data)).join('')
  const [head, body = ''] = bytes.split('\r\n\r\n')
  const [statusLine, ...lines] = head.split('\r\n')
  const headers = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body }
}

// Koa, Nest and Fastify's async route settle on microtasks; the loop turns every BATCH
// requests so that what a framework defers to the check phase runs in the sample it belongs to.
const BATCH = 64
const turn = () => new Promise((resolve) => setImmediate(resolve))

async function sample(listener, cell, n) {
  const headers = { host: 'api.test', ...cell.headers }
  const rawHeaders = Object.entries(headers).flat()
  const start = process.cpuUsage()
  let last
  for (let i = 0; i < n; i++) {
    const req = requestFor(cell, headers, rawHeaders)
    last = new ServerResponse(req)
    listener(req, last)
    if (i % BATCH === BATCH - 1) await turn()
  }
  await turn()
  const used = process.cpuUsage(start)
  if (!last.writableEnded) throw new Error(`a ${cell.id} response never ended`)
  return (used.user + used.system) / n
}

async function worker(id) {
  const [fw, variant] = id.split('/')
  const [listener] = (await createApp(fw, variant)).listeners('request')
  const cells = new Map(cellsOf(fw).map((cell) => [cell.id, cell]))
  // Every answer is checked before any number is trusted.
  for (const cell of cells.values()) {
    const headers = { host: 'api.test', ...cell.headers }
    const req = requestFor(cell, headers, Object.entries(headers).flat())
    const res = new ServerResponse(req)
    listener(req, res)
    await turn()
    const problems = check(variant, cell, written(res))
    if (problems.length > 0) throw new Error(`${id} ${cell.id}: ${problems.join(', ')}`)
  }
  process.on('message', async ({ cell, n, warmMs }) => {
    if (warmMs === undefined) return process.send({ us: await sample(listener, cells.get(cell), n) })
    // Warming up: until warmMs of CPU have gone into this cell, so that every variant reaches
    // its optimised code however much of it there is.
    let spent = 0
    let us
    while (spent < warmMs * 1000) {
      us = await sample(listener, cells.get(cell), 1000)
      spent += us * 1000
    }
    process.send({ us })
  })
  process.send({ ready: true })
}

// ---------------------------------------------------------------------------------------------
// The parent: four pinned workers per framework, one sample at a time, then the report.

function startWorker(id) {
  const self = fileURLToPath(import.meta.url)
  const node = [process.execPath, self, '--worker', id]
  // Pinned to one core, GC helper threads included, as a pinned server would be; the workers
  // take turns, so only one of them runs at a time.
  const [cmd, ...rest] = pinning ? ['taskset', '-c', '1', ...node] : node
  const child = spawn(cmd, rest, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  let waiting
  child.on('message', (msg) => waiting?.resolve(msg))
  child.on('exit', (code) => waiting?.reject(new Error(`the ${id} worker exited (${code})`)))
  const next = () =>
    new Promise((resolve, reject) => {
      waiting = { resolve, reject }
    })
  const ready = next()
  return {
    ready,
    async sample(cell, n) {
      const reply = next()
      child.send({ cell, n })
      return (await reply).us
    },
    async warm(cell, ms) {
      const reply = next()
      child.send({ cell, warmMs: ms })
      return (await reply).us
    },
    close: () => child.kill(),
  }
}

const requestsOf = {}

async function measure(fw) {
  const variants = variantsOf(fw)
  const cells = cellsOf(fw)
  const samples = Object.fromEntries(
    cells.map((c) => [c.id, Object.fromEntries(variants.map((v) => [v, []]))]),
  )
  let requests
  for (let round = 0; round < ROUNDS; round++) {
    // Fresh processes every round turn a process's lasting quirks into noise that the median
    // over rounds absorbs.
    const workers = Object.fromEntries(variants.map((v) => [v, startWorker(`${fw}/${v}`)]))
    try {
      for (const v of variants) await workers[v].ready
      let slowest = 0
      for (const cell of cells) {
        for (const v of variants) {
          const us = await workers[v].warm(cell.id, WARMUP_MS)
          if (v === 'none') slowest = Math.max(slowest, us)
        }
      }
      // Counted once, in the first round, from the none variant's slowest warm cell.
      requests ??= Math.max(2000, Math.round(SAMPLE_US / slowest))
      for (const cell of cells) {
        for (let i = 0; i < variants.length; i++) {
          const v = variants[(i + round) % variants.length]
          samples[cell.id][v].push(await workers[v].sample(cell.id, requests))
        }
      }
    } finally {
      for (const v of variants) workers[v].close()
    }
    process.stderr.write(`\r${fw}: round ${round + 1}/${ROUNDS}`)
  }
  process.stderr.write('\n')
  requestsOf[fw] = requests
  return samples
}

const fmt = (us, digits = 2) => `${us >= 0 ? '+' : '−'}${Math.abs(us).toFixed(digits)} µs`

async function main() {
  const frameworks = args.only ? args.only.split(',') : FRAMEWORKS
  for (const fw of frameworks) {
    if (!FRAMEWORKS.includes(fw))
      throw new Error(`unknown framework ${fw}; pick from ${FRAMEWORKS.join(', ')}`)
  }
  const started = Date.now()
  const rows = []
  const verdicts = []
  for (const fw of frameworks) {
    const samples = await measure(fw)
    for (const cell of cellsOf(fw)) {
      const s = samples[cell.id]
      const paired = (a, b) => s[a].map((x, i) => x - s[b][i])
      const row = { fw, cell, none: median(s.none) }
      for (const v of ['floor', 'peer', 'ours']) row[v] = median(paired(v, 'none'))
      row.oursSpread = halfIqr(paired('ours', 'none'))
      rows.push(row)
      if (cell.method === 'GET') {
        const overFloor = paired('ours', 'floor')
        const overPeer = paired('ours', 'peer')
        verdicts.push({
          fw,
          cell,
          target: `ours − floor ≤ ${BUDGET_US[fw]} µs`,
          result: `${fmt(median(overFloor))} ± ${halfIqr(overFloor).toFixed(2)}`,
          met: median(overFloor) <= BUDGET_US[fw],
        })
        verdicts.push({
          fw,
          cell,
          target: 'ours − peer ≤ 0',
          result: `${fmt(median(overPeer))} ± ${halfIqr(overPeer).toFixed(2)}`,
          met: median(overPeer) <= 0,
        })
      } else {
        // One core's throughput is the inverse of its CPU per request: ratios per round.
        const ours = median(s.peer.map((x, i) => x / s.ours[i]))
        const floor = median(s.peer.map((x, i) => x / s.floor[i]))
        const need = floor >= 1.2 ? 1.2 : 1
        verdicts.push({
          fw,
          cell,
          target: `≥ ${need.toFixed(1)}× the peer's requests per CPU-second (floor reaches ${floor.toFixed(2)}×)`,
          result: `${ours.toFixed(2)}×`,
          met: ours >= need,
        })
      }
    }
  }

  const info = await machine()
  const lines = [
    `Layer run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at ${info.commit ?? '?'}: ` +
      `${ROUNDS} rounds, each sample ${frameworks.map((fw) => `${requestsOf[fw]} requests (${LABELS[fw].none})`).join(', ')}, ` +
      `after ${WARMUP_MS} ms of CPU per cell and variant to warm up; ` +
      `${Math.round((Date.now() - started) / 1000)} s, one worker process per framework and variant${pinning ? ', all pinned to core 1' : ''}; ` +
      `${info.cpu}, Node ${info.node}.`,
    '',
    '| framework | request | none µs/req | floor added | peer added | ours added | ours ± |',
    '|---|---|--:|--:|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${LABELS[r.fw].none} | ${r.cell.label} | ${r.none.toFixed(2)} | ${fmt(r.floor)} | ${fmt(r.peer)} | ` +
        `**${fmt(r.ours)}** | ${r.oursSpread.toFixed(2)} |`,
    ),
    '',
    '| framework | request | target | result | |',
    '|---|---|---|--:|---|',
    ...verdicts.map(
      (v) =>
        `| ${LABELS[v.fw].none} | ${v.cell.label} | ${v.target} | ${v.result} | ${v.met ? '✅ met' : '❌ missed'} |`,
    ),
  ]
  const report = lines.join('\n')
  console.log(report)
  writeFileSync(new URL(args.out, import.meta.url), `${report}\n`)
}

if (args.worker) await worker(args.worker)
else await main()
