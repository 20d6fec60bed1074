// The runtime-neutral part of the conformance suite, by file: the package's own entry also
// exports the vitest runner and the `node:net` client, which no bundle for Bun, Deno or an
// edge sandbox may pull in.
export type { ConfigErrorCase, ConformanceCase } from '../../conformance/src/case'
export { configErrorCases, conformanceCases } from '../../conformance/src/cases/index'
export {
  checkCase,
  checkConfigError,
  groupByPolicy,
  recordingRejections,
} from '../../conformance/src/check'
export { standardRoutes } from '../../conformance/src/harness'
export { createWebApp, fromWebResponse, toWebRequest, webPathSkips } from '../../conformance/src/web-app'
