import { runConformance } from '@crossway/conformance'
import { fastifyHarness, majors } from './harness'

for (const { name, fastify } of majors) {
  runConformance(fastifyHarness(name, fastify))
}
