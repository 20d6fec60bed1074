// Profiles one server of the matrix under one cell's load and says where its time goes.
//
//   node profile.mjs <framework> <variant> <cell> [--duration 5] [--connections 50]
//   node profile.mjs express ours actual-allowed
//
// The server child (pinned like in run.mjs) records a CPU profile of the measured run only,
// after a warm-up, into profiles/. Self time is grouped by package; "inclusive" time counts
// every sample with a frame of that package on its stack: the CORS layer with the Node and
// framework calls it makes (setHeader, reply.header, …), but for a middleware that calls
// `next()` synchronously (Express, Nest) the rest of the pipeline too: compare self times.

import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { FRAMEWORKS, variantsOf } from './apps.mjs'
import { CELLS } from './cells.mjs'
import { load, pinSelf, startServer } from './harness.mjs'

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    top: { type: 'string', default: '25' },
  },
})
const [framework, variant, cellId] = positionals
const cell = CELLS.find((c) => c.id === cellId)
if (!FRAMEWORKS.includes(framework) || !variantsOf(framework).includes(variant) || cell === undefined) {
  console.error(
    `usage: node profile.mjs <${FRAMEWORKS.join('|')}> <none|floor|peer|ours> <${CELLS.map((c) => c.id).join('|')}>`,
  )
  process.exit(2)
}

const dir = fileURLToPath(new URL(`./profiles/${framework}-${variant}-${cellId}/`, import.meta.url))
await rm(dir, { recursive: true, force: true })
await mkdir(dir, { recursive: true })

pinSelf()
const file = join(dir, 'server.cpuprofile')
const server = await startServer(framework, variant)
let result
try {
  await load(server, cell, { duration: 2, connections: Number(args.connections), measure: false })
  await server.request('profile-start')
  result = await load(server, cell, {
    duration: Number(args.duration),
    connections: Number(args.connections),
  })
  await server.request('profile-stop', { file })
} finally {
  await server.close()
}
const profile = JSON.parse(await readFile(file, 'utf8'))

/** Which package a frame belongs to, from its script URL. */
function areaOf(frame) {
  const url = frame.url
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)'
  if (url.startsWith('node:')) return 'node'
  const ours = /\/packages\/([^/]+)\/(?:dist|src)\//.exec(url)
  if (ours) return `@crossway/${ours[1]}`
  const dep = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (dep) return dep[1]
  if (url.includes('/bench/')) return 'bench app'
  return url
}

const byId = new Map()
const parent = new Map()
for (const node of profile.nodes) {
  byId.set(node.id, node)
  for (const child of node.children ?? []) parent.set(child, node.id)
}
const selfArea = new Map()
const selfFn = new Map()
const inclusiveArea = new Map()
let busy = 0
const add = (map, key, t) => map.set(key, (map.get(key) ?? 0) + t)
profile.samples.forEach((id, i) => {
  const t = profile.timeDeltas[i] ?? 0
  const node = byId.get(id)
  const frame = node.callFrame
  if (frame.functionName === '(idle)') return
  busy += t
  const area = areaOf(frame)
  add(selfArea, area, t)
  add(
    selfFn,
    `${frame.functionName || '(anonymous)'}  ${frame.url.replace(/.*\/node_modules\//, '').replace(/^file:\/\/.*\/packages\//, 'packages/')}:${frame.lineNumber + 1}  [${area}]`,
    t,
  )
  const seen = new Set()
  for (let n = id; n !== undefined; n = parent.get(n)) seen.add(areaOf(byId.get(n).callFrame))
  for (const a of seen) add(inclusiveArea, a, t)
})

const pct = (t) => `${((t / busy) * 100).toFixed(1).padStart(5)} %`
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n)
console.log(
  `${framework}/${variant} on ${cellId}: ${Math.round(result.rps)} req/s, ${result.cpuPerRequest.toFixed(1)} µs CPU/request, ` +
    `busy ${(result.busy * 100).toFixed(0)} %, statuses ${JSON.stringify(result.statuses)} (profiling slows everything down)`,
)
console.log(`profile: ${file}; ${(busy / 1000).toFixed(0)} ms of non-idle samples\n`)
console.log('self time by package')
for (const [k, t] of top(selfArea, 12)) console.log(`  ${pct(t)}  ${k}`)
console.log('\ninclusive time of the CORS code (samples with such a frame on the stack)')
for (const [k, t] of [...inclusiveArea]
  .filter(([k]) => /cors|crossway/.test(k))
  .sort((a, b) => b[1] - a[1])) {
  console.log(`  ${pct(t)}  ${k}`)
}
console.log('\nself time by function')
for (const [k, t] of top(selfFn, Number(args.top))) console.log(`  ${pct(t)}  ${k}`)
