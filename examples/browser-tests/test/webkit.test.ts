// The browser suite in Webkit: every example, the engine differences, the playground.
import { webkitLauncher } from './engines/webkit'
import { defineBrowserSuite } from './suite'

defineBrowserSuite(webkitLauncher)
