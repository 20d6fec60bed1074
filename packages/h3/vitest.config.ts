import { mergeConfig } from 'vitest/config'
import { crosswayProject } from '../../vitest.shared.ts'

export default mergeConfig(crosswayProject('h3'), {
  test: {
    // h3 logs every unhandled error; the conformance routes and origin functions throw on
    // purpose ("boom", "origin lookup failed"), hundreds of times over two majors.
    onConsoleLog: (log: string, type: 'stdout' | 'stderr') =>
      !(type === 'stderr' && /\bboom\b|origin lookup failed/.test(log)),
  },
})
