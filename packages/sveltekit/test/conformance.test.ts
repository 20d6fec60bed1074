import { runConformance } from '@crossway/conformance'
import { describe, it } from 'vitest'
import { kitHarness } from './support/harness'
import { buildApp, kitStacks } from './support/kit-app'

for (const kit of kitStacks) {
  if (kit.unavailable !== undefined) {
    describe.skip(`conformance: ${kit.name} — skipped: ${kit.unavailable}`, () => {
      it('every case', () => {})
    })
    continue
  }
  runConformance(kitHarness(`${kit.name}: node build (adapter-node)`, () => buildApp(kit, 'policy'), {}))
}
