import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SOAK = fileURLToPath(new URL('../scripts/soak.mjs', import.meta.url))
const seconds = Number(process.env.CROSSWAY_SOAK_SECONDS ?? 5)

/**
 * Heap growth allowed over the run, measured after a full GC at both ends. In 5 s each adapter
 * serves 15,000–60,000 requests, so 1 MB is under ~70 bytes a request: less than any leak
 * keeps per request it leaks on (a closure, a listener or a `[name, value]` pair is ≥ 50
 * bytes; five of the sixteen request classes carry 8–20 KB values, and keeping those would
 * add tens of MB). What remains after warm-up (JIT code, framework caches) stays near 0.1 MB.
 */
const MAX_HEAP_GROWTH_MB = 1

interface SoakReport {
  requests: number
  checked: number
  errors: number
  timeouts: number
  unexpected: number
  latencyMs: { p50: number; p99: number; max: number }
  heapUsed: { startMB: number; endMB: number; slopeKBs: number }
  rss: { startMB: number; endMB: number; slopeKBs: number }
  classes: Record<string, { count: number; unexpected: number; example?: string }>
}

/** Runs the soak script in its own process (the server is its child) and reads its JSON report. */
function soak(adapter: string): Promise<SoakReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [SOAK, '--adapter', adapter, '--seconds', String(seconds), '--warmup', '1', '--json'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk
    })
    // The script bounds itself; this is for a hung child, which must not outlive the test.
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 40) * 1000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      const line = out.trim().split('\n').pop() ?? ''
      try {
        resolve(JSON.parse(line) as SoakReport)
      } catch {
        reject(new Error(`soak.mjs --adapter ${adapter} exited with ${code} and no report: ${out}`))
      }
    })
  })
}

describe.each(['fastify', 'koa', 'express'])('soak: %s', (adapter) => {
  it(`${seconds} s of mixed traffic: no unexpected response, heap growth under ${MAX_HEAP_GROWTH_MB} MB`, {
    timeout: (seconds + 60) * 1000,
  }, async () => {
    const report = await soak(adapter)
    const growth = report.heapUsed.endMB - report.heapUsed.startMB
    console.log(
      `${adapter}: ${report.requests} requests, ${report.unexpected} unexpected, p99 ${report.latencyMs.p99} ms, ` +
        `heap ${report.heapUsed.startMB.toFixed(1)} → ${report.heapUsed.endMB.toFixed(1)} MB ` +
        `(${((growth * 2 ** 20) / report.checked).toFixed(1)} B/request), ` +
        `rss ${report.rss.startMB.toFixed(1)} → ${report.rss.endMB.toFixed(1)} MB`,
    )
    const failing = Object.entries(report.classes).filter(([, c]) => c.unexpected > 0)
    expect(failing.map(([name, c]) => `${name}: ${c.unexpected}/${c.count}, e.g. ${c.example}`)).toEqual([])
    expect({ unexpected: report.unexpected, errors: report.errors, timeouts: report.timeouts }).toEqual({
      unexpected: 0,
      errors: 0,
      timeouts: 0,
    })
    // Every class answered, and enough requests that the heap bound means something.
    for (const [name, c] of Object.entries(report.classes)) expect(c.count, name).toBeGreaterThan(0)
    expect(report.checked).toBeGreaterThan(1_000)
    expect(growth).toBeLessThan(MAX_HEAP_GROWTH_MB)
  })
})
