// Starts the examples for `pnpm demo` and the browser tests, and guarantees they stop: each
// child leads its own process group (so `pnpm` → `sh` → `next-server` chains die together),
// and every group still alive is SIGKILLed synchronously when this process exits, whatever
// the reason. Examples owned elsewhere that are missing are skipped, never silently.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApiPolicy } from './index.js'

export const examplesDir = dirname(dirname(fileURLToPath(import.meta.url)))

/** Every example, in the order the playground and the tests show them. */
export const EXAMPLES = Object.freeze([
  { name: 'web', label: 'Web (core handle)', direct: true },
  { name: 'fastify', label: 'Fastify', direct: true },
  { name: 'koa', label: 'Koa', direct: true },
  { name: 'express', label: 'Express', direct: true },
  // Owned by the Nest and Next engineers: started through their own `start` script.
  { name: 'nestjs', label: 'NestJS', direct: false },
  { name: 'nextjs', label: 'Next.js', direct: false },
  // The adapters of issue 15. `direct: false`: each starts through its own `start` script
  // (SvelteKit and Astro run their built Node server, as a user would deploy them).
  { name: 'hono', label: 'Hono', direct: false },
  { name: 'h3', label: 'h3', direct: false },
  { name: 'sveltekit', label: 'SvelteKit', direct: false },
  { name: 'astro', label: 'Astro', direct: false },
  { name: 'lambda', label: 'AWS Lambda', direct: false },
])

// Process groups we started and have not yet seen gone. A group outlives its leader when,
// say, `pnpm` exits before the `next-server` it started, so groups are tracked, not children.
const groups = new Set()
let exitHookInstalled = false

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal)
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    groups.delete(pgid)
    return false
  }
}

async function waitForGroups(pgids, ms) {
  const deadline = Date.now() + ms
  while (pgids.some(groupAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  return pgids.filter(groupAlive)
}

/** Stops process groups: SIGTERM, then SIGKILL for whatever is left after a grace period. */
async function stopGroups(pgids) {
  for (const pgid of pgids) killGroup(pgid, 'SIGTERM')
  const left = await waitForGroups(pgids, 3000)
  for (const pgid of left) killGroup(pgid, 'SIGKILL')
  await waitForGroups(left, 2000)
}

function installExitHook() {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // 'exit' handlers must be synchronous: SIGKILL is the only signal that needs no waiting.
  process.on('exit', () => {
    for (const pgid of groups) killGroup(pgid, 'SIGKILL')
  })
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port) {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(true))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)))
  })
}

function commandFor(example) {
  const dir = join(examplesDir, example.name)
  const manifest = join(dir, 'package.json')
  if (!existsSync(manifest)) return { missing: `examples/${example.name}/package.json does not exist` }
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'))
  if (!pkg.scripts?.start) return { missing: `examples/${example.name} has no "start" script` }
  if (example.direct) return { dir, command: process.execPath, args: ['server.js'] }
  // Inside `pnpm demo` pnpm tells us where it lives; elsewhere it is on PATH.
  const execPath = process.env.npm_execpath
  if (execPath && /pnpm/.test(execPath)) {
    return { dir, command: process.execPath, args: [execPath, 'run', '--silent', 'start'] }
  }
  return { dir, command: 'pnpm', args: ['run', '--silent', 'start'] }
}

function startChild(example, cmd, env, onLine) {
  const child = spawn(cmd.command, cmd.args, {
    cwd: cmd.dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  if (child.pid !== undefined) groups.add(child.pid)
  const tail = []
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
    child.once('error', (error) => {
      tail.push(String(error))
      resolve({ code: null, signal: null, error })
    })
  })
  for (const stream of [child.stdout, child.stderr]) {
    let partial = ''
    stream.setEncoding('utf8')
    stream.on('data', (text) => {
      const lines = (partial + text).split('\n')
      partial = lines.pop()
      for (const line of lines) {
        tail.push(line)
        if (tail.length > 40) tail.shift()
        onLine?.(example.name, line)
      }
    })
  }
  return { child, tail, exited }
}

async function waitUntilListening(url, exited, timeoutMs) {
  let done = null
  exited.then((how) => {
    done = how
  })
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (done)
      return `exited (${done.error ? done.error.message : `code ${done.code}, signal ${done.signal}`})`
    try {
      // Any HTTP answer, even a 404, means the server is up; the tests judge the routes.
      await fetch(`${url}/__stats`, { signal: AbortSignal.timeout(2000) })
      return null
    } catch {
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  return `did not answer on ${url} within ${Math.round(timeoutMs / 1000)} s`
}

/**
 * Starts the examples on the given ports (name → port) and waits until each answers HTTP.
 * Resolves with `running` (name, label, url, sameSiteUrl), `skipped` (missing: name, label, reason) and
 * `failed` (present but not starting: name, label, reason, log) examples, and `stop()`.
 *
 * @param {{ ports: Record<string, number>, pagePort: number, onLine?: (name: string, line: string) => void,
 *   readyTimeoutMs?: number, only?: string[] }} options
 */
export async function startExamples({ ports, pagePort, onLine, readyTimeoutMs = 60_000, only }) {
  installExitHook()
  const policy = JSON.stringify(createApiPolicy({ pagePort, debug: true }))
  const started = []
  const skipped = []
  const failed = []
  for (const example of EXAMPLES) {
    if (only && !only.includes(example.name)) continue
    const cmd = commandFor(example)
    if (cmd.missing) {
      skipped.push({ name: example.name, label: example.label, reason: cmd.missing })
      continue
    }
    const port = ports[example.name]
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PAGE_PORT: String(pagePort),
      // The Next example reads its policy from here when set (its conformance tests do the
      // same); `debug` must stay on, whatever NODE_ENV `next start` forces.
      CROSSWAY_EXAMPLE_POLICY: policy,
      NEXT_TELEMETRY_DISABLED: '1',
    }
    const url = `http://127.0.0.1:${port}`
    started.push({ example, url, ...startChild(example, cmd, env, onLine) })
  }

  const running = []
  await Promise.all(
    started.map(async (s) => {
      const problem = await waitUntilListening(s.url, s.exited, readyTimeoutMs)
      const entry = { name: s.example.name, label: s.example.label }
      if (problem) {
        await stopGroups([s.child.pid])
        failed.push({ ...entry, reason: problem, log: s.tail.join('\n') })
      } else {
        // Also reachable as http://localhost:<port>: the page's own site (ports do not count for
        // a site), which is what a credentialed request from http://localhost:PAGE should use.
        running.push({ ...entry, url: s.url, sameSiteUrl: s.url.replace('127.0.0.1', 'localhost') })
      }
    }),
  )
  const order = (a, b) =>
    EXAMPLES.findIndex((e) => e.name === a.name) - EXAMPLES.findIndex((e) => e.name === b.name)
  running.sort(order)
  failed.sort(order)

  const stop = () => stopGroups(started.map((s) => s.child.pid).filter((pid) => pid !== undefined))

  return { running, skipped, failed, stop }
}
