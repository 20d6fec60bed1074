import { runConformance } from '@crossway/conformance'
import { platforms } from './app'
import { nestHarness } from './harness'

// The whole table on both platforms, through `CorsModule.forRoot(policy)`.
for (const platform of platforms) runConformance(nestHarness(platform))
