import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configErrorCases, conformanceCases, webPathSkips } from '@crossway/conformance'
import { EdgeVM } from '@edge-runtime/vm'
import { build } from 'tsdown'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebConformanceResult } from '../src/main'
import { bundleConfig } from '../tsdown.config'

/*
 * The core's conformance table on the Web path, on every runtime it claims: one bundle (table +
 * core + web app + checker, no vitest), run as a child process per runtime and in an EdgeVM.
 * The counts are derived here from the table with the in-process harness's own skip rules
 * (packages/conformance/test/core-web.test.ts), not from the runner, so a runner that skipped
 * or lost cases fails.
 */

const skippedIds = conformanceCases
  .filter((c) => c.request.transport === 'raw' || c.id in webPathSkips)
  .map((c) => c.id)
  .sort()
const inProcessCount = conformanceCases.length - skippedIds.length + configErrorCases.length

// Bun, Deno and Node 24 come from npx: the first run downloads each (tens of MB).
const npxTimeout = 180_000
// Two shared cores, every other test file running beside these: seconds can stretch.
const localTimeout = 60_000
const skipNpx = process.env.CROSSWAY_SKIP_RUNTIMES === '1'
const skipNote = skipNpx ? ' — skipped: CROSSWAY_SKIP_RUNTIMES=1' : ''

let outDir: string
let esm: string

beforeAll(async () => {
  if (skipNpx) console.warn('runtimes: CROSSWAY_SKIP_RUNTIMES=1, skipping Node 24, Bun and Deno')
  outDir = await mkdtemp(join(tmpdir(), 'crossway-runtimes-'))
  await build({ ...bundleConfig, config: false, outDir, logLevel: 'warn' })
  esm = join(outDir, 'web-conformance.mjs')
}, 60_000)

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true })
})

interface Summary {
  readonly exitCode: number | null
  readonly runtime: string | undefined
  readonly passed: number | undefined
  readonly failed: number | undefined
  readonly skipped: number | undefined
  readonly skippedIds: readonly string[]
}

function summarise(exitCode: number | null, lines: readonly string[]): Summary {
  const last = lines
    .map((line) => /^(.+): (\d+) passed, (\d+) failed, (\d+) skipped$/.exec(line))
    .filter((match) => match !== null)
    .at(-1)
  return {
    exitCode,
    runtime: last?.[1],
    passed: last ? Number(last[2]) : undefined,
    failed: last ? Number(last[3]) : undefined,
    skipped: last ? Number(last[4]) : undefined,
    skippedIds: lines.flatMap((line) => /^skip ([^:]+):/.exec(line)?.[1] ?? []).sort(),
  }
}

function expected(runtime: RegExp) {
  return {
    exitCode: 0,
    runtime: expect.stringMatching(runtime),
    passed: inProcessCount,
    failed: 0,
    skipped: skippedIds.length,
    skippedIds,
  }
}

/** Runs a command to completion; on timeout kills its whole process group (npx → runtime). */
function run(command: string, args: readonly string[], timeoutMs: number) {
  const env = { ...process.env }
  // Vitest's `--conditions` are for its own workers, not for a runtime under test.
  delete env.NODE_OPTIONS
  return new Promise<{ exitCode: number | null; output: string; lines: string[] }>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolve({ exitCode, output: `${stdout}\n--- stderr ---\n${stderr}`, lines: stdout.split('\n') })
    })
  })
}

async function runBundle(command: string, args: readonly string[], runtime: RegExp, timeoutMs: number) {
  const result = await run(command, [...args, esm], timeoutMs)
  expect(summarise(result.exitCode, result.lines), result.output).toEqual(expected(runtime))
}

describe.concurrent('web conformance bundle', () => {
  it(
    `node ${process.version} (the test runner's own node)`,
    async () => {
      const version = process.version.replaceAll('.', '\\.')
      await runBundle(process.execPath, [], new RegExp(`^node ${version}$`), localTimeout)
    },
    localTimeout + 5_000,
  )

  it(
    'edge-runtime (EdgeVM, in-process)',
    async () => {
      const source = await readFile(join(outDir, 'web-conformance.iife.js'), 'utf8')
      // The sandbox's console would interleave the skip lines with vitest's output; the result carries them.
      const vm = new EdgeVM({
        extend: (context) => Object.assign(context, { console: { ...context.console, log() {} } }),
      })
      vm.evaluate(source)
      const result = await vm.evaluate<Promise<WebConformanceResult>>('globalThis.crosswayWebConformance')
      expect(summarise(0, result.lines), result.lines.join('\n')).toEqual(expected(/^edge-runtime$/))
    },
    localTimeout,
  )

  it.skipIf(skipNpx)(
    `node 24 (npx -y node@24)${skipNote}`,
    () => runBundle('npx', ['-y', 'node@24'], /^node v24\./, npxTimeout),
    npxTimeout + 5_000,
  )

  it.skipIf(skipNpx)(
    `bun 1 (npx -y bun@1)${skipNote}`,
    () => runBundle('npx', ['-y', 'bun@1'], /^bun 1\./, npxTimeout),
    npxTimeout + 5_000,
  )

  it.skipIf(skipNpx)(
    `deno 2 (npx -y deno@2 run -A)${skipNote}`,
    () => runBundle('npx', ['-y', 'deno@2', 'run', '-A'], /^deno 2\./, npxTimeout),
    npxTimeout + 5_000,
  )
})
