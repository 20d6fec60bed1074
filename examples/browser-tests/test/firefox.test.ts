// The browser suite in Firefox: every example, the engine differences, the playground.
import { firefoxLauncher } from './engines/firefox'
import { defineBrowserSuite } from './suite'

defineBrowserSuite(firefoxLauncher)
