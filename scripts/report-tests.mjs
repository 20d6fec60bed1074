// Sums vitest's JSON report(s) into the plain closing line CI reads: `N passed, N failed`.
// Exits non-zero when a test failed, a suite failed to load, or nothing ran at all.
import { existsSync, readFileSync } from 'node:fs'

const files = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0
let brokenSuites = 0
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`report-tests: ${file} is missing (did the test run start?)`)
    brokenSuites++
    continue
  }
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed += report.numPassedTests ?? 0
  failed += report.numFailedTests ?? 0
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
  // A file that throws while loading has no tests but a failed status.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).every((t) => t.status !== 'failed'))
      brokenSuites++
  }
}
console.log(`${passed} passed, ${failed + brokenSuites} failed, ${skipped} skipped`)
if (passed === 0) console.error('report-tests: no test ran')
process.exit(failed + brokenSuites > 0 || passed === 0 ? 1 : 0)
