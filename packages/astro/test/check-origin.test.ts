import { checkOriginSuite } from './support/check-origin-suite'
import { WORKSPACE_ASTRO } from './support/fixture'

// Astro's security.checkOrigin, on (its default) and off, as users see it with cors() (README).
checkOriginSuite(WORKSPACE_ASTRO())
