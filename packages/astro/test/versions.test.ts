import { describe, it } from 'vitest'
import { checkOriginSuite } from './support/check-origin-suite'
import { compositionSuite } from './support/composition-suite'
import { conformanceWithAstroDefaults, conformanceWithCheckOriginOff } from './support/conformance-suites'
import { errorSuite } from './support/error-suite'
import { astroStacks } from './support/fixture'

// Astro 6 and 7, each with its own @astrojs/node: every real-app suite the workspace's Astro 5
// runs (conformance.test.ts, app.test.ts, check-origin.test.ts), where Node is new enough for
// their CLI — CI's Node 24 step. Elsewhere each is one skipped test that says why.
for (const stack of astroStacks()) {
  if (stack.unavailable !== undefined) {
    it.skip(`${stack.install.label} — SKIPPED: ${stack.unavailable}`, () => {})
    continue
  }
  describe(stack.install.label, () => {
    conformanceWithAstroDefaults(stack.install)
    conformanceWithCheckOriginOff(stack.install)
    errorSuite(stack.install)
    compositionSuite(stack.install)
    checkOriginSuite(stack.install)
  })
}
