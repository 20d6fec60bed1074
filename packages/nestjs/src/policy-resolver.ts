import type { NestCorsPolicy } from './route-table'

/**
 * The policies of several handlers that one preflight may reach (versions, constraints):
 * two or more, distinct; `undefined` stands for a handler without CORS.
 */
export type CandidatePolicies = readonly (NestCorsPolicy | undefined)[]

/**
 * Finds the policy that decides a request, from the route the platform's own router chose
 * (semantics.md §7a). Each returns the module default when no route serves the request.
 */
export interface PolicyResolver {
  /** The policy of the handler that serves this request (`method` upper-case). */
  readonly actual: (request: any, method: string, pathname: string) => NestCorsPolicy | undefined
  /**
   * The policy of the handler a request of `method` (the preflight's
   * `Access-Control-Request-Method`, upper-case) to this path would reach, or every
   * candidate when that depends on what a preflight does not carry.
   */
  readonly preflight: (
    request: any,
    method: string,
    pathname: string,
  ) => NestCorsPolicy | undefined | CandidatePolicies
}

/** Collects distinct policies: one stays one, several become a candidate list. */
export function toCandidates(
  policies: readonly (NestCorsPolicy | undefined)[],
  whenNone: NestCorsPolicy | undefined,
): NestCorsPolicy | undefined | CandidatePolicies {
  if (policies.length === 0) return whenNone
  const distinct: (NestCorsPolicy | undefined)[] = []
  for (const policy of policies) if (!distinct.includes(policy)) distinct.push(policy)
  return distinct.length === 1 ? distinct[0] : distinct
}
