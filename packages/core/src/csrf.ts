// Cross-site request forgery protection from the CORS policy (semantics.md §10), in the
// Fetch Metadata style of Go's `http.CrossOriginProtection`: no token, no state. A browser
// says where a request comes from (`Sec-Fetch-Site`, or failing that `Origin` against
// `Host`); a state-changing request from another site passes only when the policy already
// trusts its origin. Wrapped around the CORS decision only when `csrf` is on, so a policy
// without it pays nothing.

import type { CompiledPolicy } from './compile'
import type { Decide } from './decide'
import type { CorsDecision, CorsForgeryDecision, CorsHeader } from './decision'
import * as H from './header-names'
import { isThenable } from './maybe-promise'
import { createReporter } from './reject-report'

/**
 * Wraps `decide` with the §10 rule. `quiet` is the same policy without `onReject`: on the
 * cross-site path it answers whether the origin is trusted, and the refusal is reported
 * once, as `csrf`, rather than also as a CORS `origin` refusal.
 */
export function withCsrf(decide: Decide, quiet: Decide, policy: CompiledPolicy): Decide {
  const { reportOnly } = policy.csrf!
  const report = createReporter(policy)
  const refused: CorsForgeryDecision = Object.freeze({
    kind: 'actual',
    allowed: false,
    reason: 'csrf',
    respond: true,
    status: 403,
    headers: Object.freeze([Object.freeze([H.CONTENT_LENGTH, '0'] as const)]) as readonly CorsHeader[],
    // §10: Vary as for an actual request (csrf is refused with `origin: '*'`).
    vary: H.VARY_ORIGIN,
  })

  // A cross-site request from an origin the policy does not trust (§10): reported once, as
  // `csrf`, then refused, or in report-only mode let through with the CORS decision it had.
  function judged(d: CorsDecision, method: string, origin: string): CorsDecision {
    if (d.allowed) return d
    report('actual', 'csrf', origin, method, undefined, undefined)
    return reportOnly ? d : refused
  }

  return function decideWithCsrf(method, origin, acrm, acrh, acrpn, request, site, host) {
    // GET, HEAD and OPTIONS must not change state, so they are never refused (§10); nor is
    // anything a browser does not mark as coming from another site.
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || !isCrossSite(site, origin, host)) {
      return decide(method, origin, acrm, acrh, acrpn, request)
    }
    if (origin === undefined || origin === '') {
      report('actual', 'csrf', '', method, undefined, undefined)
      return reportOnly ? decide(method, origin, acrm, acrh, acrpn, request) : refused
    }
    const d = quiet(method, origin, acrm, acrh, acrpn, request)
    // The sync path allocates nothing: no closure unless the origin function is async.
    return isThenable(d)
      ? Promise.resolve(d).then((r) => judged(r, method, origin))
      : judged(d, method, origin)
  }
}

/**
 * Whether the browser marks the request as cross-site (§10). `Sec-Fetch-Site` decides when
 * present: `same-origin` and `none` (the user typed the URL) pass, `same-site`, `cross-site`
 * and any value we do not know count as cross-site. Without it (an older browser, or not a
 * browser): no `Origin` passes, an `Origin` whose host and port are the request's `Host`
 * passes, anything else (`null` included) is cross-site.
 */
export function isCrossSite(
  site: string | undefined,
  origin: string | undefined,
  host: string | undefined,
): boolean {
  if (site !== undefined && site !== '') return site !== 'same-origin' && site !== 'none'
  if (origin === undefined || origin === '') return false
  return host === undefined || !isSameHost(origin, host)
}

// `https://a.example.com:8443` against `Host: a.example.com:8443`. A browser leaves the
// scheme's default port out of Origin; a Host header may carry it, so it is dropped there.
function isSameHost(origin: string, host: string): boolean {
  const sep = origin.indexOf('://')
  if (sep === -1) return false
  const scheme = origin.slice(0, sep)
  const defaultPort = scheme === 'https' ? ':443' : scheme === 'http' ? ':80' : undefined
  if (defaultPort === undefined) return false
  const hostPart = host.endsWith(defaultPort) ? host.slice(0, host.length - defaultPort.length) : host
  const originHost = origin.slice(sep + 3)
  return originHost.length === hostPart.length && originHost.toLowerCase() === hostPart.toLowerCase()
}
