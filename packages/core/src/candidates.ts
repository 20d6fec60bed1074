import type { CorsDecider } from './cors'
import type { CorsActualDecision, CorsDecision, CorsHeader, CorsPreflightDecision } from './decision'
import * as H from './header-names'
import { isThenable, type MaybePromise } from './maybe-promise'
import { mergeVary } from './vary'

/** One handler a request could reach: its policy, or `null` when that handler has no CORS. */
export type CorsCandidate<Req> = CorsDecider<Req> | null

const NONE: readonly CorsHeader[] = Object.freeze([])
const REFUSED_HEADERS: readonly CorsHeader[] = Object.freeze([
  Object.freeze([H.CONTENT_LENGTH, '0'] as const),
])

/**
 * Decides a request (in practice a preflight) that several handlers could serve, told apart by something it does not
 * carry: a preflight cannot send the `Accept-Version` header or media type that picks one
 * version of a route (semantics.md §7a). It is allowed only when every candidate's policy
 * allows it *with the same answer*: a browser caches what the preflight says, and the route
 * that finally runs must not apply something else. So:
 *
 * - no candidate has CORS: `undefined` (the request passes on untouched, as to any of them);
 * - a candidate refuses: that refusal (only the first refusing policy's `onReject` hears it);
 * - some have CORS and some not, or the answers differ: a bare 403;
 * - otherwise the common answer, with every candidate's `Vary` tokens.
 *
 * The same policy listed twice decides once. Synchronous unless a policy is.
 *
 * @example
 * const d = decideAmong([v1Policy, v2Policy], 'OPTIONS', origin, acrm, acrh, acrpn, req)
 */
export function decideAmong<Req>(
  candidates: readonly CorsCandidate<Req>[],
  method: string,
  origin: string | undefined,
  requestMethod: string | undefined,
  requestHeaders: string | undefined,
  requestPrivateNetwork: string | undefined,
  request: Req,
): MaybePromise<CorsDecision> | undefined {
  const policies: NonNullable<CorsCandidate<Req>>[] = []
  let withoutCors = 0
  for (const candidate of candidates) {
    if (candidate === null) withoutCors++
    else if (!policies.includes(candidate)) policies.push(candidate)
  }
  if (policies.length === 0) return undefined
  const decideWith = (policy: NonNullable<CorsCandidate<Req>>) =>
    policy.decide(method, origin, requestMethod, requestHeaders, requestPrivateNetwork, request)
  return combine(policies, 0, undefined, withoutCors > 0, decideWith)
}

function combine<P>(
  policies: readonly P[],
  from: number,
  agreed: CorsDecision | undefined,
  mixed: boolean,
  decideWith: (policy: P) => MaybePromise<CorsDecision>,
): MaybePromise<CorsDecision> {
  for (let i = from; i < policies.length; i++) {
    const d = decideWith(policies[i]!)
    if (isThenable(d)) {
      return Promise.resolve(d).then((resolved) => {
        const next = join(agreed, resolved)
        return next.allowed ? combine(policies, i + 1, next, mixed, decideWith) : next
      })
    }
    const next = join(agreed, d)
    if (!next.allowed) return next
    agreed = next
  }
  // Handlers without CORS beside ones with it: no answer holds for all of them.
  return mixed ? refusal(agreed!) : agreed!
}

function join(agreed: CorsDecision | undefined, d: CorsDecision): CorsDecision {
  if (!d.allowed || agreed === undefined) return d
  if (!sameAnswer(agreed, d)) return refusal(agreed, d.vary)
  const vary = mergeVary(agreed.vary, d.vary)
  return vary === agreed.vary ? agreed : { ...agreed, vary }
}

// A preflight is answered with a bare 403; any other request goes on without CORS headers
// (semantics.md §4: the server still serves it, the browser just may not read it).
function refusal(d: CorsDecision, moreVary?: string): CorsPreflightDecision | CorsActualDecision {
  const vary = mergeVary(d.vary, moreVary)
  if (d.kind !== 'preflight') {
    return { kind: 'actual', allowed: false, reason: undefined, respond: false, headers: NONE, vary }
  }
  return {
    kind: 'preflight',
    allowed: false,
    reason: undefined,
    respond: true,
    status: 403,
    headers: REFUSED_HEADERS,
    vary,
  }
}

function sameAnswer(a: CorsDecision, b: CorsDecision): boolean {
  if (a.kind !== b.kind || a.respond !== b.respond || a.headers.length !== b.headers.length) return false
  if (a.kind === 'preflight' && b.kind === 'preflight' && a.status !== b.status) return false
  for (let i = 0; i < a.headers.length; i++) {
    if (a.headers[i]![0] !== b.headers[i]![0] || a.headers[i]![1] !== b.headers[i]![1]) return false
  }
  return true
}
