import { compositionSuite } from './support/composition-suite'
import { errorSuite } from './support/error-suite'
import { WORKSPACE_ASTRO } from './support/fixture'

// The real Astro 5 app over HTTP: errors and special responses, stacked middlewares, corsByRoute.
const install = WORKSPACE_ASTRO()
errorSuite(install)
compositionSuite(install)
