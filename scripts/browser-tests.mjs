// `pnpm test:browser`: the real-browser suite (examples/browser-tests) in Chromium, Firefox and
// WebKit, one engine after another, as a vitest project of its own, with the same JSON report
// as `pnpm test` (.reports/browser.json) and the same closing line, `N passed, N failed,
// N skipped`. `BROWSERS=firefox,webkit` picks engines (default: all three). A chosen engine
// that is not installed fails the run and says how to install it: a browser suite that cannot
// run must never look green.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const project = join(root, 'examples/browser-tests')
const report = join(root, '.reports/browser.json')

const ENGINES = ['chromium', 'firefox', 'webkit']
// Kept in step with examples/browser-tests/test/engines/*.ts, which read the same variables.
const BINARIES = {
  chromium: [process.env.CHROMIUM_PATH || '/usr/bin/chromium'],
  firefox: [process.env.FIREFOX_PATH || '/usr/bin/firefox-esr'],
  webkit: [
    process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver',
    process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    process.env.XVFB_PATH || '/usr/bin/Xvfb',
  ],
}
const INSTALL =
  'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium firefox-esr webkit2gtk-driver xvfb xauth'

function fail(message) {
  console.error(`browser tests: ${message}`)
  console.log('0 passed, 1 failed, 0 skipped')
  process.exit(1)
}

const asked = (process.env.BROWSERS ?? '')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean)
const unknown = asked.filter((name) => !ENGINES.includes(name))
if (unknown.length) fail(`BROWSERS names ${unknown.join(', ')}; use any of ${ENGINES.join(', ')}.`)
const engines = asked.length ? ENGINES.filter((name) => asked.includes(name)) : ENGINES

const missing = engines.flatMap((name) =>
  BINARIES[name].filter((p) => !existsSync(p)).map((p) => `${name}: ${p}`),
)
if (missing.length) {
  fail(
    `not installed: ${missing.join(', ')}.\n  Install the engines (Debian/Ubuntu): ${INSTALL}\n` +
      '  or pick the engines you have: BROWSERS=chromium pnpm test:browser',
  )
}
console.log(`browser tests: ${engines.join(', ')}, one after another`)

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
    ...engines.map((name) => `test/${name}.test.ts`),
    // @crossway/doctor against the same engines: its corpus verdicts and the example apps.
    'test/doctor-engines.test.ts',
    'test/doctor-examples.test.ts',
    ...process.argv.slice(2),
  ],
  { cwd: project, stdio: 'inherit', env: { ...process.env, BROWSERS: engines.join(',') } },
)
if (run.error) console.error(`browser tests: could not start vitest: ${run.error.message}`)

const summary = spawnSync(process.execPath, [join(root, 'scripts/report-tests.mjs'), report], {
  stdio: 'inherit',
})
process.exit(run.status === 0 && summary.status === 0 ? 0 : 1)
