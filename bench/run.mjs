// The CORS matrix: for each framework, no CORS / a hard-coded floor / the peer library / ours,
// on four requests, against real servers on 127.0.0.1. Usage:
//
//   node run.mjs                 full run (3 rounds × 3 s per cell, about 10 minutes)
//   node run.mjs --quick         smoke run (1 round × 1 s)
//   node run.mjs --only koa,express --cells preflight,actual-allowed --rounds 9 --duration 1
//
// Servers run in child processes pinned to core 1, autocannon here pinned to core 0: a
// load generator sharing the server's core would steal exactly the time being measured.
// Within each cell the variants run back to back, in an order that rotates every round, so
// drift in the machine's load lands on all of them alike; medians across rounds.
// 50 connections without pipelining: with 10, both processes spent much of their time
// waking each other up (neither core busy), which measures the scheduler, not the server.

import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { FRAMEWORKS, LABELS, variantsOf } from './apps.mjs'
import { CELLS, check, describe, NEST_CELLS } from './cells.mjs'
import { fetchOnce, load, pinning, pinSelf, SERVER_FLAGS, startServer, warm } from './harness.mjs'
import { machine, renderReport } from './report.mjs'

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string', default: '50' },
    'max-foreign': { type: 'string', default: '0.25' },
    retries: { type: 'string', default: '2' },
    budget: { type: 'string', default: '10' },
    only: { type: 'string' },
    cells: { type: 'string' },
    out: { type: 'string', default: fileURLToPath(new URL('./results/', import.meta.url)) },
  },
})

const config = {
  rounds: Number(args.rounds ?? (args.quick ? 1 : 3)),
  // Whole seconds: autocannon stops on its one-second tick, so 2.5 s would run for 3.
  duration: Number(args.duration ?? (args.quick ? 1 : 3)),
  warmup: Number(args.warmup ?? 1),
  connections: Number(args.connections),
  maxForeign: Number(args['max-foreign']),
  retries: Number(args.retries),
  budget: Number(args.budget),
}
for (const [key, value] of Object.entries(config)) {
  if (!(value >= 0) || (['rounds', 'connections'].includes(key) && !(Number.isInteger(value) && value > 0))) {
    console.error(`--${key} must be a positive number`)
    process.exit(2)
  }
}

const requested = args.only ? args.only.split(',') : FRAMEWORKS
const frameworks = []
const notes = []
for (const fw of requested) {
  if (!FRAMEWORKS.includes(fw)) {
    console.error(`unknown framework ${fw}; pick from ${FRAMEWORKS.join(', ')}`)
    process.exit(2)
  }
  if (fw === 'nest') {
    const missing = await nestMissing()
    if (missing) {
      notes.push(`Nest rows skipped: ${missing}.`)
      console.log(`skipping nest: ${missing}`)
      continue
    }
  }
  frameworks.push(fw)
}

async function nestMissing() {
  try {
    const mod = await import('@crossway/nestjs')
    if (typeof mod.CorsModule?.forRoot !== 'function') return '@crossway/nestjs has no CorsModule.forRoot yet'
    for (const dep of ['@nestjs/core', '@nestjs/common', '@nestjs/platform-express', 'reflect-metadata']) {
      await import(dep)
    }
  } catch (error) {
    return `not loadable (${String(error.message).split('\n')[0]})`
  }
  return undefined
}

/**
 * One sample, taken again (up to `retries` times, after a pause) when other processes used
 * more than `maxForeign` cores meanwhile: on a machine shared with other jobs a burst of
 * their work would otherwise decide the result. The least disturbed attempt is kept. Retries
 * come out of what the time budget (minutes) leaves over the planned run, then stop.
 */
async function measure(server, cell) {
  let best
  let attempts = 0
  while (attempts <= config.retries) {
    const r = await load(server, cell, { duration: config.duration, connections: config.connections })
    attempts++
    if (best === undefined || r.foreign < best.foreign) best = r
    if (r.foreign === undefined || r.foreign <= config.maxForeign) break
    if (retryAllowance < config.duration + 1) break
    retryAllowance -= config.duration + 1
    if (attempts <= config.retries) await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  best.attempts = attempts
  return best
}

const cellsOf = (fw) =>
  CELLS.filter(
    (c) =>
      (fw !== 'nest' || NEST_CELLS.includes(c.id)) && (!args.cells || args.cells.split(',').includes(c.id)),
  )

pinSelf()
const started = Date.now()
// Seconds the run may spend on retries: the budget minus samples, warm-ups and start-ups.
const planned =
  config.rounds *
  (frameworks.reduce((n, fw) => n + cellsOf(fw).length * variantsOf(fw).length, 0) * config.duration +
    frameworks.reduce((n, fw) => n + variantsOf(fw).length, 0) * (config.warmup + 0.6))
let retryAllowance = Math.max(0, config.budget * 60 - planned)
const loadBefore = os.loadavg()
console.log(
  `${frameworks.join(', ')}: ${config.rounds} round(s) × ${config.duration} s per cell, ${config.connections} connections` +
    `${pinning ? ', server on core 1, autocannon on core 0' : ', NOT pinned (taskset or a second core missing)'}; load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`,
)

/** samples[fw][cell][variant] = per-round results; checks[fw][cell][variant] = the verified answer. */
const samples = {}
const checks = {}
let failures = 0

// Fresh servers for every framework and round: one process that drifts into a slow state
// (seen with long-lived Koa servers, whichever variant, after the 100 KB cell's garbage)
// then spoils one round, not the median. Each sample also starts after a full GC.
for (let round = 0; round < config.rounds; round++) {
  for (const fw of frameworks) {
    const servers = {}
    try {
      for (const v of variantsOf(fw)) servers[v] = await startServer(fw, v)
      if (round === 0) {
        for (const cell of cellsOf(fw)) for (const v of variantsOf(fw)) await verify(fw, servers, cell, v)
      }
      for (const v of variantsOf(fw)) {
        await warm(servers[v], cellsOf(fw), { duration: config.warmup, connections: config.connections })
      }
      for (const [i, cell] of cellsOf(fw).entries()) {
        const variants = variantsOf(fw)
        const shift = (round + i) % variants.length
        const order = [...variants.slice(shift), ...variants.slice(0, shift)]
        for (const v of order) {
          const r = await measure(servers[v], cell)
          const expected = checks[fw][cell.id][v].status
          r.unexpected = r.requests - (r.statuses[expected] ?? 0) + r.errors + r.timeouts
          samples[fw][cell.id][v].push(r)
          process.stdout.write(
            `  r${round + 1} ${fw.padEnd(7)} ${cell.id.padEnd(17)} ${v.padEnd(5)} ${Math.round(r.rps).toString().padStart(6)} req/s ` +
              `${r.cpuPerRequest.toFixed(1).padStart(6)} µs/req  busy ${(r.busy * 100).toFixed(0)}%` +
              `${r.foreign === undefined ? '' : `  other load ${r.foreign.toFixed(2)}${r.attempts > 1 ? ` (best of ${r.attempts})` : ''}`}` +
              `${r.unexpected ? `  ${r.unexpected} unexpected (${JSON.stringify(r.statuses)}, ${r.errors} errors)` : ''}\n`,
          )
        }
      }
    } finally {
      for (const s of Object.values(servers)) await s.close()
    }
  }
}

/** Checks one server's answer to one request, before any load; the answer is kept for the report. */
async function verify(fw, servers, cell, v) {
  samples[fw] ??= {}
  checks[fw] ??= {}
  samples[fw][cell.id] ??= {}
  checks[fw][cell.id] ??= {}
  samples[fw][cell.id][v] = []
  const res = await fetchOnce(servers[v].port, cell)
  const problems = check(v, cell, res)
  checks[fw][cell.id][v] = { status: res.status, answer: describe(res), problems }
  if (problems.length > 0) {
    failures++
    console.log(`  ✗ ${LABELS[fw][v]} ${cell.id}: ${problems.join(', ')}`)
  }
}

const loadAfter = os.loadavg()
const run = {
  date: new Date().toISOString(),
  minutes: (Date.now() - started) / 60000,
  config,
  pinned: pinning,
  serverFlags: SERVER_FLAGS,
  load: { before: loadBefore, after: loadAfter },
  machine: await machine(),
  notes,
  checks,
  samples,
}
const markdown = renderReport(run)
const out = resolve(args.out)
await mkdir(out, { recursive: true })
await writeFile(join(out, 'latest.json'), `${JSON.stringify(run, null, 2)}\n`)
await writeFile(join(out, 'latest.md'), markdown)
console.log(`\n${markdown}`)
console.log(`(${run.minutes.toFixed(1)} min; written to ${join(out, 'latest.md')} and latest.json)`)
if (failures > 0) {
  console.log(`${failures} response check(s) failed: those rows measure a wrong answer`)
  process.exitCode = 1
}
