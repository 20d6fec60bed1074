import type { WebConformanceTally } from './run-web-conformance'
import { runWebConformance } from './run-web-conformance'
import { failProcess, runtimeName } from './runtime'

/** What an embedding host (the EdgeVM test) awaits on `globalThis`, having no exit code to read. */
export interface WebConformanceResult extends WebConformanceTally {
  readonly runtime: string
  readonly lines: readonly string[]
}

declare global {
  var crosswayWebConformance: Promise<WebConformanceResult> | undefined
}

const lines: string[] = []
const print = (line: string) => {
  lines.push(line)
  console.log(line)
}

globalThis.crosswayWebConformance = runWebConformance(print).then(
  (tally) => {
    const runtime = runtimeName()
    print(`${runtime}: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`)
    // A run where nothing passed proves nothing: the table failed to load or was filtered away.
    if (tally.failed > 0 || tally.passed === 0) failProcess()
    return { ...tally, runtime, lines }
  },
  (error: unknown) => {
    print(`${runtimeName()}: the run crashed: ${error instanceof Error ? error.stack : String(error)}`)
    failProcess()
    throw error
  },
)
