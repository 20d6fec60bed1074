import { runConformance } from '@crossway/conformance'
import { harnesses } from './harness'

for (const harness of harnesses) runConformance(harness)
