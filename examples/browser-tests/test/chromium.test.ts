// The browser suite in Chromium: every example, the engine differences, the playground.
import { chromiumLauncher } from './engines/chromium'
import { defineBrowserSuite } from './suite'

defineBrowserSuite(chromiumLauncher)
