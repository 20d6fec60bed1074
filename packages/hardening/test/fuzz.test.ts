import { standardRoutes } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'
import { checkHealth, fuzzServer } from '../src/fuzz'
import { fuzzPolicy } from '../src/policy'
import { targets } from './targets'

// Short and fixed by default so `pnpm test` stays reproducible and under ~15 s for all
// adapters; CROSSWAY_FUZZ_RUNS=5000 (batches per adapter) makes it a long run, its time
// limit raised to match unless CROSSWAY_FUZZ_SECONDS says otherwise.
const numRuns = Number(process.env.CROSSWAY_FUZZ_RUNS ?? 150)
const seconds = Number(process.env.CROSSWAY_FUZZ_SECONDS ?? (process.env.CROSSWAY_FUZZ_RUNS ? 900 : 2.5))
const seed = Number(process.env.CROSSWAY_FUZZ_SEED ?? 0x0c0ffee)

describe.each(targets)('raw-socket fuzz: $name', (harness) => {
  it(`answers well-formed HTTP and grants nothing outside the policy (seed ${seed})`, {
    timeout: seconds * 1000 + 60_000,
  }, async () => {
    const app = await harness.start(fuzzPolicy, standardRoutes)
    try {
      const port = Number(new URL(app.url!).port)
      await checkHealth(port)
      const { details, outcomes, report } = await fuzzServer(port, { seed, numRuns, seconds })
      const total = Object.values(outcomes).reduce((a, b) => a + b, 0)
      console.log(
        `${harness.name}: ${details.numRuns} batches, ${total} requests ${JSON.stringify(outcomes)}, seed ${seed}` +
          (details.interrupted ? ', stopped by the time limit' : ''),
      )
      expect(report).toBeUndefined()
      // Fewer batches than this would make a pass meaningless.
      expect(details.numRuns).toBeGreaterThanOrEqual(Math.min(numRuns, 10))
      // A run that never saw a grant would pass the grant checks vacuously.
      expect(outcomes['preflight allowed']).toBeGreaterThan(0)
      expect(outcomes['actual allowed']).toBeGreaterThan(0)
    } finally {
      await app.close()
    }
  })
})
