import type { Cors } from './cors'
import type { CorsDecision } from './decision'

/**
 * Marks the objects `createCors` and `createLiveCors` return, so that everything that takes
 * options also takes a built policy and uses it as is (a live policy must be the same object
 * everywhere, or reconfiguring it would miss a copy). `Symbol.for`, so an ESM and a CJS copy
 * of the core recognise each other's policies.
 */
export const kCorsPolicy: unique symbol = Symbol.for('crossway.policy') as never

/** Whether `value` is a policy built by `createCors` or `createLiveCors` (from any copy of the core). */
export function isCorsPolicy(value: unknown): value is Cors<any, CorsDecision | Promise<CorsDecision>> {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[kCorsPolicy] === true
  )
}
