#!/usr/bin/env node
// The Fastify, Koa, Express, SvelteKit and Astro test projects (their conformance suites included) under
// Node 24 (SvelteKit 3 needs Node >= 22.17 to build, Astro 6 and 7 refuse Node 20: this is where they
// are tested),
// while the rest of CI runs on Node 20. Writes a vitest JSON report that
// scripts/report-tests.mjs adds up, prints `N passed, N failed`, and exits non-zero on any
// failure, on a suite that failed to load, or when nothing ran.
//
//   node packages/runtimes/scripts/node24-adapters.mjs [report.json]
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const report = resolve(process.argv[2] ?? resolve(root, '.reports/vitest-node24-adapters.json'))
const projects = ['fastify', 'koa', 'express', 'sveltekit', 'astro']
// Generous: the first npx run downloads Node 24; a hung run must still end CI.
const TIMEOUT_MS = 10 * 60_000

function run(args, { capture = false } = {}) {
  return new Promise((resolveRun, reject) => {
    const env = { ...process.env }
    delete env.NODE_OPTIONS
    const child = spawn('npx', ['-y', 'node@24', ...args], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    })
    let stdout = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk
    })
    const timer = setTimeout(() => {
      console.error(`node24-adapters: no result after ${TIMEOUT_MS / 1000} s, killing the run`)
      process.kill(-child.pid, 'SIGKILL')
    }, TIMEOUT_MS)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolveRun({ code, stdout })
    })
  })
}

// npx falls back to whatever `node` it finds if the package resolves oddly: prove the major.
const probe = await run(['-p', 'process.version'], { capture: true })
const version = probe.stdout.trim()
if (probe.code !== 0 || !version.startsWith('v24.')) {
  console.error(`node24-adapters: expected Node 24 from npx, got ${JSON.stringify(version)}`)
  process.exit(1)
}

mkdirSync(dirname(report), { recursive: true })
// A report left over from an earlier run must not stand in for this one.
rmSync(report, { force: true })
const vitest = resolve(root, 'node_modules/vitest/vitest.mjs')
const started = Date.now()
const { code } = await run([
  vitest,
  'run',
  ...projects.flatMap((name) => ['--project', name]),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
])

if (!existsSync(report)) {
  console.error(`node24-adapters: vitest exited with ${code} and wrote no report`)
  process.exit(1)
}
const result = JSON.parse(readFileSync(report, 'utf8'))
const passed = result.numPassedTests ?? 0
const failed = result.numFailedTests ?? 0
const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0)
// A file that throws while loading has no failed test, only a failed suite.
const broken = (result.testResults ?? []).filter(
  (suite) => suite.status === 'failed' && suite.assertionResults.every((t) => t.status !== 'failed'),
).length
const seconds = ((Date.now() - started) / 1000).toFixed(1)
console.log(
  `node ${version} adapters (${projects.join(', ')}): ${passed} passed, ${failed + broken} failed, ${skipped} skipped (${seconds} s)`,
)
process.exit(code !== 0 || failed + broken > 0 || passed === 0 ? 1 : 0)
