import { runConformance } from '@crossway/conformance'
import { afterAll, beforeAll, vi } from 'vitest'
import { httpHarness, inProcessHarness, versions } from './harness'

// Hono's default onError logs each error it answers (`console.error(err)`); the suite's errors
// (a throwing route, throwing origin functions) are on purpose. Anything else still prints.
beforeAll(() => {
  const log = console.error
  vi.spyOn(console, 'error').mockImplementation((...args) => {
    if (!(args.length === 1 && args[0] instanceof Error)) log(...args)
  })
})
afterAll(() => vi.restoreAllMocks())

for (const { name, Hono } of versions) {
  runConformance(httpHarness(name, Hono))
  runConformance(inProcessHarness(name, Hono))
}
