// `pnpm test:browser`: the real-browser suite (examples/browser-tests) as a vitest project of
// its own, with the same JSON report as `pnpm test` (.reports/browser.json) and the same
// closing line, `N passed, N failed, N skipped`. Without Chromium it fails and says how to
// install it: a browser suite that cannot run must never look green.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const project = join(root, 'examples/browser-tests')
const report = join(root, '.reports/browser.json')
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

if (!existsSync(chromium)) {
  console.error(
    `browser tests: Chromium was not found at ${chromium}.\n` +
      '  Install it (Debian/Ubuntu): sudo apt-get update && sudo apt-get install -y chromium\n' +
      '  or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  )
  console.log('0 passed, 1 failed, 0 skipped')
  process.exit(1)
}

mkdirSync(dirname(report), { recursive: true })
// A report left from an earlier run must not stand in for this one.
rmSync(report, { force: true })
const vitest = join(project, 'node_modules/.bin/vitest')
const run = spawnSync(
  vitest,
  [
    'run',
    '--config',
    join(project, 'vitest.config.ts'),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ],
  { cwd: project, stdio: 'inherit' },
)
if (run.error) console.error(`browser tests: could not start vitest: ${run.error.message}`)

const summary = spawnSync(process.execPath, [join(root, 'scripts/report-tests.mjs'), report], {
  stdio: 'inherit',
})
process.exit(run.status === 0 && summary.status === 0 ? 0 : 1)
