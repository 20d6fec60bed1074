import { conformanceWithAstroDefaults, conformanceWithCheckOriginOff } from './support/conformance-suites'
import { WORKSPACE_ASTRO } from './support/fixture'

// A real Astro app (output 'server', @astrojs/node standalone) built once per variant, then one
// `node dist/server/entry.mjs` per policy, with HOST and PORT from the environment; the standard
// routes are endpoints. Astro 5: the newest major that runs on Node 20 (versions.test.ts runs
// Astro 6 and 7 where their Node is).
const install = WORKSPACE_ASTRO()
conformanceWithAstroDefaults(install)
conformanceWithCheckOriginOff(install)
