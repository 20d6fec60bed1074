// A preflight whose method and path could reach several routes (constraints it cannot carry,
// such as `Accept-Version`) is allowed only when every candidate's policy allows it and they
// all give the same answer (semantics.md §7a): otherwise the browser would be told one thing
// while the route that finally runs applies another.

import { type CorsDecision, type CorsPreflightDecision, mergeVary } from '@crossway/core'
import type { FastifyRequest } from 'fastify'
import type { Policy, RoutePolicy } from './route-policies'

type Decide = (policy: Policy) => CorsDecision | Promise<CorsDecision>

/** The bare 403 for candidates that disagree (or for a route table Fastify contradicts). */
export const REFUSED: CorsPreflightDecision = Object.freeze({
  kind: 'preflight',
  allowed: false,
  reason: undefined,
  respond: true,
  status: 403,
  headers: Object.freeze([]),
  vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
})

/**
 * The decision for a preflight given its candidate routes' policies; `false` when every
 * candidate opted out with `cors: false` (the preflight passes on untouched).
 */
export function decideCandidates(
  candidates: readonly RoutePolicy[],
  base: Policy,
  request: FastifyRequest,
  origin: string | undefined,
  acrm: string,
): CorsDecision | Promise<CorsDecision> | false {
  const h = request.headers
  const decide: Decide = (policy) =>
    policy.decide(
      request.method,
      origin,
      acrm,
      h['access-control-request-headers'],
      h['access-control-request-private-network'] as string | undefined,
      request,
    )
  if (candidates.length <= 1) {
    const only = candidates[0]
    return only === false ? false : decide(only ?? base)
  }
  const policies: Policy[] = []
  let optedOut = 0
  for (const candidate of candidates) {
    if (candidate === false) optedOut++
    else if (!policies.includes(candidate ?? base)) policies.push(candidate ?? base)
  }
  if (optedOut === candidates.length) return false
  // Some routes answer no CORS at all: nothing one answer could say holds for all of them.
  if (optedOut > 0) return REFUSED
  return combine(policies, 0, undefined, decide)
}

function combine(
  policies: readonly Policy[],
  from: number,
  agreed: CorsDecision | undefined,
  decide: Decide,
): CorsDecision | Promise<CorsDecision> {
  for (let i = from; i < policies.length; i++) {
    const d = decide(policies[i]!)
    if (typeof (d as Promise<CorsDecision>).then === 'function') {
      return (d as Promise<CorsDecision>).then((resolved) => {
        const next = join(agreed, resolved)
        return next.allowed && next !== REFUSED ? combine(policies, i + 1, next, decide) : next
      })
    }
    const next = join(agreed, d as CorsDecision)
    // Stop at the first refusal: only one policy's `onReject` hears about this preflight.
    if (!next.allowed) return next
    agreed = next
  }
  return agreed!
}

function join(agreed: CorsDecision | undefined, d: CorsDecision): CorsDecision {
  if (!d.allowed || agreed === undefined) return d
  if (!sameAnswer(agreed, d)) return REFUSED
  const vary = mergeVary(agreed.vary, d.vary)
  return vary === agreed.vary ? agreed : { ...agreed, vary }
}

function sameAnswer(a: CorsDecision, b: CorsDecision): boolean {
  if (a.kind !== b.kind || a.respond !== b.respond || a.headers.length !== b.headers.length) return false
  if (a.kind === 'preflight' && b.kind === 'preflight' && a.status !== b.status) return false
  for (let i = 0; i < a.headers.length; i++) {
    if (a.headers[i]![0] !== b.headers[i]![0] || a.headers[i]![1] !== b.headers[i]![1]) return false
  }
  return true
}
