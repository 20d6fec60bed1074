// `pnpm demo`: starts every example on its own port and the playground page on two more
// (one origin the examples' policy allows, one it refuses), prints the URL to open, and on
// Ctrl-C stops every process group it started before exiting. The root script has built
// the packages already. Ports: PAGE_PORT (default 5173; the refused origin is PAGE_PORT + 1)
// and EXAMPLES_PORT (default 3001, then one each in the order of EXAMPLES in examples/shared/launch.js:
// web, fastify, koa, express, nestjs, nextjs, hono, h3, sveltekit, astro, lambda).
import { EXAMPLES, portInUse, startExamples } from '../examples/shared/launch.js'
import { startPlayground } from '../examples/shared/playground/server.js'

const pagePort = Number(process.env.PAGE_PORT || 5173)
const page2Port = pagePort + 1
const firstExamplePort = Number(process.env.EXAMPLES_PORT || 3001)
const ports = Object.fromEntries(EXAMPLES.map((e, i) => [e.name, firstExamplePort + i]))

let stopping = null
let examples = null
let playground = null

async function shutdown(code) {
  await examples?.stop()
  await playground?.close()
  process.exit(code)
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // A second Ctrl-C does not wait: the exit hook in launch.js SIGKILLs what is left.
    if (stopping) process.exit(130)
    console.log('\nstopping every example…')
    stopping = shutdown(0)
  })
}

const busy = []
for (const port of [pagePort, page2Port, ...Object.values(ports)]) {
  if (await portInUse(port)) busy.push(port)
}
if (busy.length) {
  console.error(
    `demo: port(s) ${busy.join(', ')} already in use on 127.0.0.1 (another demo?). ` +
      'Stop it, or pick others: PAGE_PORT=6173 EXAMPLES_PORT=4001 pnpm demo',
  )
  process.exit(1)
}

console.log(`starting ${EXAMPLES.length} examples (Next.js and NestJS can take a little while)…`)
examples = await startExamples({
  ports,
  pagePort,
  onLine: (name, line) => {
    if (line.trim()) console.log(`  [${name}] ${line}`)
  },
})
const targets = [
  ...examples.running,
  ...examples.skipped.map((e) => ({ ...e, reason: e.reason })),
  ...examples.failed.map((e) => ({ ...e, reason: `failed to start: ${e.reason}` })),
].sort((a, b) => EXAMPLES.findIndex((e) => e.name === a.name) - EXAMPLES.findIndex((e) => e.name === b.name))
playground = await startPlayground({ pagePort, page2Port, targets })

const pad = (s) => s.padEnd(9)
const lines = [
  '',
  'Crossway playground',
  `  open   http://localhost:${pagePort}   (an origin the examples' policy allows)`,
  `  also   http://127.0.0.1:${page2Port}   (the same page from an origin it refuses)`,
  '',
  '  Press "Run all scenarios" to fill the grid. Chrome, Firefox and Safari in their default',
  '  settings all show it green: the cookie column calls http://localhost:<port> (the same',
  '  site as the page), so it needs no third-party cookies.',
  '',
  '  examples:',
  ...examples.running.map((e) => `    ${pad(e.name)} ${e.url}  (credentialed: ${e.sameSiteUrl})`),
  ...examples.skipped.map((e) => `    ${pad(e.name)} SKIPPED: ${e.reason}`),
  ...examples.failed.map((e) => `    ${pad(e.name)} FAILED TO START: ${e.reason}`),
  '',
  '  Ctrl-C stops everything.',
  '',
]
console.log(lines.join('\n'))
for (const e of examples.failed) console.error(`--- last output of ${e.name} ---\n${e.log}\n---`)
