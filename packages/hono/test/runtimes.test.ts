import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { configErrorCases, conformanceCases } from '@crossway/conformance'
import { EdgeVM } from '@edge-runtime/vm'
import { build } from 'tsdown'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HonoRuntimeResult } from './runtime/main'

/*
 * Hono runs on Bun, Deno and edge sandboxes as well as Node: the conformance table through a
 * Hono app with cors(), bundled into one file (Hono, the adapter and the core from their
 * sources, the table and its vitest-free checker), run by each runtime. Bun and Deno come from
 * npx (cached after the first run); CROSSWAY_SKIP_RUNTIMES=1 skips them, as in
 * packages/runtimes, and says so in the test names.
 */

const raw = conformanceCases.filter((c) => c.request.transport === 'raw').length
const expectedTally = {
  passed: conformanceCases.length - raw + configErrorCases.length,
  failed: 0,
  skipped: raw,
}
const skipNpx = process.env.CROSSWAY_SKIP_RUNTIMES === '1'
const skipNote = skipNpx ? ' — skipped: CROSSWAY_SKIP_RUNTIMES=1' : ''
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

let outDir: string

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'crossway-hono-runtimes-'))
  await build({
    config: false,
    entry: { 'hono-conformance': here('./runtime/main.ts') },
    format: ['esm', 'iife'],
    // No runtime gets a head start: nothing from `node:*` can creep in unnoticed.
    platform: 'neutral',
    target: 'es2022',
    cwd: here('..'),
    outDir,
    dts: false,
    sourcemap: false,
    logLevel: 'warn',
    deps: { alwaysBundle: [/^@crossway\//, /^hono/], onlyBundle: false },
    outExtensions: ({ format }) => ({ js: format === 'iife' ? '.js' : '.mjs' }),
    inputOptions: (options) => ({
      ...options,
      resolve: { ...options.resolve, conditionNames: ['@crossway/source', 'import', 'default'] },
    }),
  })
}, 60_000)

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true })
})

function tally(lines: readonly string[]) {
  const last = lines
    .map((line) => /^(.+): (\d+) passed, (\d+) failed, (\d+) skipped$/.exec(line))
    .filter(Boolean)
    .at(-1)
  return {
    runtime: last?.[1],
    passed: Number(last?.[2]),
    failed: Number(last?.[3]),
    skipped: Number(last?.[4]),
  }
}

function runBundle(command: string, args: string[]): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args, join(outDir, 'hono-conformance.mjs')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    })
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
    })
    child.stderr.on('data', (chunk) => {
      out += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, lines: out.split('\n') }))
  })
}

describe('the conformance table through Hono on other runtimes', () => {
  it('edge-runtime (EdgeVM, in-process)', async () => {
    const source = await readFile(join(outDir, 'hono-conformance.iife.js'), 'utf8')
    const vm = new EdgeVM({
      extend: (context) => Object.assign(context, { console: { ...context.console, log() {} } }),
    })
    vm.evaluate(source)
    const result = await vm.evaluate<Promise<HonoRuntimeResult>>('globalThis.crosswayHonoConformance')
    expect({ ...tally(result.lines) }, result.lines.join('\n')).toEqual({
      runtime: 'edge-runtime',
      ...expectedTally,
    })
  }, 60_000)

  it.skipIf(skipNpx)(
    `bun 1 (npx -y bun@1)${skipNote}`,
    async () => {
      const { code, lines } = await runBundle('npx', ['-y', 'bun@1'])
      expect({ code, ...tally(lines) }, lines.join('\n')).toEqual({
        code: 0,
        runtime: expect.stringMatching(/^bun 1\./),
        ...expectedTally,
      })
    },
    180_000,
  )

  it.skipIf(skipNpx)(
    `deno 2 (npx -y deno@2)${skipNote}`,
    async () => {
      const { code, lines } = await runBundle('npx', ['-y', 'deno@2', 'run', '-A'])
      expect({ code, ...tally(lines) }, lines.join('\n')).toEqual({
        code: 0,
        runtime: expect.stringMatching(/^deno 2\./),
        ...expectedTally,
      })
    },
    180_000,
  )
})
