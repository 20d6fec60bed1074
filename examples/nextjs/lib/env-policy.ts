// Whoever starts this app for a test can hand it a policy: the tests of @crossway/next (one
// `next start` per policy of the conformance suite) and examples/shared/launch.js (the
// playground and the browser tests, with the shared policy and `debug` on, which
// NODE_ENV=production from `next start` would otherwise turn off). Real deployments set
// neither variable, and the policies in cors-policy.ts apply.
import { appendFileSync } from 'node:fs'
import type { NextCorsOptions } from '@crossway/next'

/** The policy in `CROSSWAY_EXAMPLE_POLICY` (JSON; RegExps as `{ "$regexp": source, "flags": flags }`). */
export function policyFromEnvironment(): NextCorsOptions | undefined {
  const json = process.env.CROSSWAY_EXAMPLE_POLICY
  if (!json) return undefined
  // Plain options (JSON can hold nothing else), typed apart from NextCorsOptions, which also
  // admits a prebuilt policy object without `onReject`.
  const policy: { onReject?: (rejection: unknown) => void } = JSON.parse(json, (_key, value) =>
    value && typeof value === 'object' && typeof value.$regexp === 'string'
      ? new RegExp(value.$regexp, value.flags)
      : value,
  )
  const file = process.env.CROSSWAY_EXAMPLE_REJECTIONS
  // Written synchronously, before the response: the test reads it before it sees the answer.
  if (file) policy.onReject = (rejection) => appendFileSync(file, `${JSON.stringify(rejection)}\n`)
  return policy as NextCorsOptions
}
