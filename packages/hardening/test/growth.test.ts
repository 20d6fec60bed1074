import { standardRoutes } from '@crossway/conformance'
import { describe, expect, it } from 'vitest'
import { formatCurve, growthProblems, measureGrowth } from '../src/growth'
import { fuzzPolicy } from '../src/policy'
import { targets } from './targets'

const rounds = Number(process.env.CROSSWAY_GROWTH_ROUNDS ?? 15)

describe.each(targets)('time per request as CORS headers grow to 1 MB: $name', (harness) => {
  it('grows like the transfer, not like the CORS work', async () => {
    const app = await harness.start(fuzzPolicy, standardRoutes)
    try {
      const curve = await measureGrowth(Number(new URL(app.url!).port), rounds)
      console.log(
        `${harness.name}: median of ${rounds}, first byte written to connection closed\n${formatCurve(curve)}`,
      )
      expect(growthProblems(curve)).toEqual([])
    } finally {
      await app.close()
    }
  })
})
