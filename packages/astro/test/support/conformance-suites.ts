import { type ConformanceCase, conformanceCases, runConformance } from '@crossway/conformance'
import { beforeAll } from 'vitest'
import { type AstroInstall, buildFixture } from './fixture'
import { astroHarness } from './harness'
import { refusedByCheckOrigin } from './origin-check'

export function majorOf(install: AstroInstall): number {
  return Number(/^astro (\d+)\./.exec(install.label)?.[1])
}

/** The cases Astro's own origin check answers before any middleware runs, with Astro's defaults. */
export function preemptedByCheckOrigin(install: AstroInstall): ConformanceCase[] {
  // The runner sends `Host: 127.0.0.1:<port>` where a case sets none; no case's Origin is of that form.
  return conformanceCases.filter((c) => refusedByCheckOrigin(c.request, majorOf(install), '127.0.0.1:0'))
}

/**
 * The conformance suite over a real Astro app as Astro builds it by default (`security.checkOrigin`
 * on, a src/pages/500.astro): every case, except those Astro's origin check answers with its own
 * 403 before any middleware could run (test/check-origin.test.ts proves that answer, case by case).
 */
export function conformanceWithAstroDefaults(install: AstroInstall): void {
  let dir = ''
  beforeAll(() => {
    dir = buildFixture(install, { checkOrigin: true })
  }, 240_000)
  const skip = Object.fromEntries(
    preemptedByCheckOrigin(install).map((c) => [
      c.id,
      `Astro's security.checkOrigin (on by default) answers this ${c.request.method} with its own 403 before any middleware runs; passes with checkOrigin off (README)`,
    ]),
  )
  runConformance(astroHarness(`${install.label}, Astro's defaults (checkOrigin on)`, () => dir, skip))
}

/**
 * The same app built with `security.checkOrigin: false`, as the README recommends for an API
 * that other origins post to, and no 500.astro. Only the cases these two differences can change
 * run here: unsafe methods (the origin check looks at nothing else) and thrown errors (Astro's
 * bare 500 instead of 500.astro); every other request meets the same middleware and routes.
 */
export function conformanceWithCheckOriginOff(install: AstroInstall): void {
  let dir = ''
  beforeAll(() => {
    dir = buildFixture(install, { checkOrigin: false })
  }, 240_000)
  const affected = (c: ConformanceCase) =>
    !['GET', 'HEAD', 'OPTIONS'].includes(c.request.method) || c.request.path === '/error'
  const harness = astroHarness(
    `${install.label}, security.checkOrigin off, no 500.astro`,
    () => dir,
    {},
    affected,
  )
  // Config errors need no server (cors() throws first): cheap, and the same for both builds.
  runConformance(harness, { filter: (c) => !('request' in c) || affected(c) })
}
