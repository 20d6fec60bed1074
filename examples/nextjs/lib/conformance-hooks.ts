// Used only by the tests of @crossway/next, which start this app once per policy of the shared
// conformance suite. Real deployments set neither variable, and this file then does nothing.
import { appendFileSync } from 'node:fs'
import type { NextCorsOptions } from '@crossway/next'

/** The policy in `CROSSWAY_EXAMPLE_POLICY` (JSON; RegExps as `{ "$regexp": source, "flags": flags }`). */
export function policyFromTestEnvironment(): NextCorsOptions | undefined {
  const json = process.env.CROSSWAY_EXAMPLE_POLICY
  if (!json) return undefined
  const policy: NextCorsOptions = JSON.parse(json, (_key, value) =>
    value && typeof value === 'object' && typeof value.$regexp === 'string'
      ? new RegExp(value.$regexp, value.flags)
      : value,
  )
  const file = process.env.CROSSWAY_EXAMPLE_REJECTIONS
  // Written synchronously, before the response: the test reads it before it sees the answer.
  if (file) policy.onReject = (rejection) => appendFileSync(file, `${JSON.stringify(rejection)}\n`)
  return policy
}
