import { runConformance } from '@crossway/conformance'
import { expressHarness, majors } from './harness'

for (const { name, express } of majors) {
  runConformance(expressHarness(name, () => express()))
}
