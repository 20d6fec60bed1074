import { BoundedCache, detach } from './bounded-cache'
import { isPreflight } from './classify'
import type { CompiledPolicy } from './compile'
import type {
  CorsActualDecision,
  CorsDecision,
  CorsHeader,
  CorsNotCorsDecision,
  CorsPreflightDecision,
} from './decision'
import * as H from './header-names'
import { whenResolved } from './maybe-promise'
import { callOriginFunction } from './origin-function'
import { matchesWildcard } from './origin-match'
import { createReporter } from './reject-report'
import type { CorsRejectionReason } from './rejection'
import { MALFORMED, MAX_REQUEST_HEADERS_LENGTH, parseRequestHeaders } from './request-headers'
import { isToken } from './tokens'

/** Longer `Origin` values never come from a browser and are refused without being looked at (§1). */
const MAX_ORIGIN_LENGTH = 1024

export type Decide = (
  method: string,
  origin: string | undefined,
  requestMethod: string | undefined,
  requestHeaders: string | undefined,
  requestPrivateNetwork: string | undefined,
  request: unknown,
  /** `Sec-Fetch-Site`; read only by a policy with `csrf` on. */
  fetchSite?: string,
  /** The host the browser addressed (`Host`, or `csrf.hostHeader`); read only with `csrf` on. */
  host?: string,
) => CorsDecision | Promise<CorsDecision>

// Cached allowed decisions for one origin: the actual one, and one preflight per shape of
// the answer (which ACAH, whether ACAPN). Filled on first use, so a static policy answers
// its listed origins with shared frozen objects and allocates nothing per request.
interface OriginCache {
  actual: CorsActualDecision | undefined
  readonly preflights: (CorsPreflightDecision | undefined)[]
  /**
   * The last preflight whose answer echoes the request (a reflected method or header list),
   * with what it echoed: a browser repeats the same preflight, so this one answer is reused
   * until a different one comes. Bounded: one per remembered origin, and its strings are
   * within the §5 limits.
   */
  echoed:
    | {
        readonly acrm: string
        readonly names: string
        readonly slot: number
        readonly decision: CorsPreflightDecision
      }
    | undefined
}

const EMPTY: readonly CorsHeader[] = Object.freeze([])

/** How many origins matched by a wildcard or a RegExp a policy remembers. */
const MAX_REMEMBERED_MATCHES = 512

/** The longest requested method whose echoed preflight answer is kept for reuse. */
const MAX_ECHOED_METHOD = 64

/** How many distinct Access-Control-Request-Headers values a policy remembers its verdict on. */
const MAX_REMEMBERED_HEADER_LISTS = 256

/** A policy's verdict on one Access-Control-Request-Headers value. */
interface HeaderVerdict {
  /** How many names it holds (0: absent, or only empty elements). */
  readonly count: number
  /** The first name the policy does not allow, lower-cased. */
  readonly refused: string | undefined
  readonly asksAuthorization: boolean
  /** The names, lower-cased, joined with `,` (what a credentialed `'*'` policy answers). */
  readonly names: string
}

const NO_HEADERS: HeaderVerdict = Object.freeze({
  count: 0,
  refused: undefined,
  asksAuthorization: false,
  names: '',
})

/**
 * Adds `Content-Length: 0` to a preflight the middleware answers itself, unless its status is
 * 204, which must not carry one (RFC 9110 §8.6). Any other empty 2xx or 403 states its length
 * so no client or proxy waits for a body: Safari reads a 2xx without it as a body still to
 * come. Part of the decision, so every adapter writes the pairs and ends, nothing more.
 */
function withLength(status: number, pairs: CorsHeader[]): CorsHeader[] {
  if (status !== 204) pairs.push([H.CONTENT_LENGTH, '0'])
  return pairs
}

function freezeHeaders(pairs: CorsHeader[]): readonly CorsHeader[] {
  for (const pair of pairs) Object.freeze(pair)
  return Object.freeze(pairs)
}

/** Builds the request-time decision function for a compiled policy. */
export function createDecide(policy: CompiledPolicy): Decide {
  const { anyOrigin, exactOrigins, credentials } = policy
  const report = createReporter(policy)
  const varyActual = anyOrigin ? undefined : H.VARY_ORIGIN
  const cacheable = policy.cacheControlValue !== undefined
  const varyPreflight = [
    anyOrigin ? undefined : H.VARY_ORIGIN,
    H.VARY_PREFLIGHT,
    // A shared cache keys on Vary alone: with `cacheControl` every header the answer depends
    // on must be named, ACRPN included even when a preflight that sends it is refused.
    policy.privateNetwork || cacheable ? H.VARY_PRIVATE_NETWORK : undefined,
  ]
    .filter(Boolean)
    .join(', ')

  // Headers every allowed response carries after ACAO.
  const credentialsPair: CorsHeader[] = credentials ? [[H.ALLOW_CREDENTIALS, 'true']] : []
  const exposePair: CorsHeader[] = policy.exposedHeadersValue
    ? [[H.EXPOSE_HEADERS, policy.exposedHeadersValue]]
    : []
  const maxAgePair: CorsHeader[] = policy.maxAgeValue === undefined ? [] : [[H.MAX_AGE, policy.maxAgeValue]]
  // With `cacheControl`, refusals say `no-store`: a CDN told to cache 403s (or `debug`'s 2xx
  // answers, which are heuristically cacheable) must not keep one for the next visitor.
  const noStorePair: CorsHeader[] = cacheable ? [[H.CACHE_CONTROL, 'no-store']] : []
  const cacheControlPair: CorsHeader[] = cacheable ? [[H.CACHE_CONTROL, policy.cacheControlValue!]] : []
  const reflectMethod = policy.methods === undefined && credentials
  const reflectHeaders = policy.allowedHeaders === undefined && credentials

  const notCors: CorsNotCorsDecision = Object.freeze({
    kind: 'not-cors',
    allowed: true,
    reason: undefined,
    respond: false,
    headers: anyOrigin ? freezeHeaders([[H.ALLOW_ORIGIN, '*'], ...exposePair]) : EMPTY,
    vary: varyActual,
  })
  const actualRefused: CorsActualDecision = Object.freeze({
    kind: 'actual',
    allowed: false,
    reason: 'origin',
    respond: false,
    headers: EMPTY,
    vary: varyActual,
  })
  const preflightRefused = {} as Record<CorsRejectionReason, CorsPreflightDecision>
  const refusedHeaders = freezeHeaders(withLength(403, [...noStorePair]))
  for (const reason of ['origin', 'malformed', 'method', 'header', 'private-network'] as const) {
    preflightRefused[reason] = Object.freeze({
      kind: 'preflight',
      allowed: false,
      reason,
      respond: true,
      status: 403,
      headers: refusedHeaders,
      vary: varyPreflight,
    })
  }
  const newCache = (): OriginCache => ({ actual: undefined, preflights: [], echoed: undefined })
  const exactCaches = new Map<string, OriginCache>()
  for (const o of exactOrigins) exactCaches.set(o, newCache())
  const anyCache = newCache()

  // Origins allowed by a wildcard or a RegExp, remembered with their decisions so a repeat
  // visitor costs a hash lookup instead of a match and a fresh decision. Only origins the
  // static policy allowed get in, and the cache is bounded (§7): endless new subdomains cost
  // a match each, as without it. (A function's verdict is never remembered: it may depend on
  // the request.)
  const matchedCaches = new BoundedCache<OriginCache>(MAX_REMEMBERED_MATCHES, MAX_ORIGIN_LENGTH)
  function matchesPattern(origin: string): boolean {
    for (const p of policy.wildcards) if (matchesWildcard(origin, p)) return true
    for (const re of policy.regexps) if (re.test(origin)) return true
    return false
  }
  const exactOnly =
    policy.wildcards.length === 0 && policy.regexps.length === 0 && policy.originFunction === undefined
  const allowOriginPair = (origin: string): CorsHeader => [H.ALLOW_ORIGIN, anyOrigin ? '*' : origin]

  function actualAllowed(origin: string): CorsActualDecision {
    return Object.freeze({
      kind: 'actual',
      allowed: true,
      reason: undefined,
      respond: false,
      headers: freezeHeaders([allowOriginPair(origin), ...credentialsPair, ...exposePair]),
      vary: varyActual,
    })
  }

  // Browsers send the same few Access-Control-Request-Headers strings over and over, so
  // each distinct value is judged once against this policy and remembered. The cache is
  // bounded (§7): a client sending endless new values only costs a parse each, as without
  // it, and a value over the §5 length limit is refused by its length and never stored.
  const requested: string[] = []
  const headerVerdicts = new BoundedCache<HeaderVerdict | typeof MALFORMED>(
    MAX_REMEMBERED_HEADER_LISTS,
    MAX_REQUEST_HEADERS_LENGTH,
  )
  function judgeRequestHeaders(acrh: string): HeaderVerdict | typeof MALFORMED {
    const known = headerVerdicts.get(acrh)
    if (known !== undefined) return known
    const count = parseRequestHeaders(acrh, requested)
    if (count === MALFORMED) {
      requested.length = 0
      return headerVerdicts.set(acrh, MALFORMED)
    }
    let refused: string | undefined
    let asksAuthorization = false
    for (let i = 0; i < count; i++) {
      const name = requested[i]!
      if (name === 'authorization') asksAuthorization = true
      if (refused === undefined && policy.allowedHeaders !== undefined && !policy.allowedHeaders.has(name))
        refused = name
    }
    const verdict: HeaderVerdict = Object.freeze({
      count,
      refused: refused === undefined ? undefined : detach(refused),
      asksAuthorization,
      names: detach(requested.slice(0, count).join(',')),
    })
    // The scratch names may be views on `acrh` (see `detach`): none outlives this call.
    requested.length = 0
    return headerVerdicts.set(acrh, verdict)
  }

  function rejectPreflight(
    reason: CorsRejectionReason,
    origin: string,
    acrm: string,
    header: string | undefined,
    acrhSent: boolean,
  ): CorsPreflightDecision {
    report('preflight', reason, origin, 'OPTIONS', acrm, header)
    if (!policy.debug || (reason !== 'method' && reason !== 'header')) return preflightRefused[reason]
    // Debug: answer with the parts that passed so the browser console names the failing one.
    const pairs: CorsHeader[] = [allowOriginPair(origin), ...credentialsPair]
    if (policy.methodsValue !== undefined) pairs.push([H.ALLOW_METHODS, policy.methodsValue])
    if (acrhSent && policy.allowedHeadersValue !== undefined)
      pairs.push([H.ALLOW_HEADERS, policy.allowedHeadersValue])
    pairs.push(...noStorePair)
    return Object.freeze({
      kind: 'preflight',
      allowed: false,
      reason,
      respond: true,
      status: policy.successStatus,
      headers: freezeHeaders(withLength(policy.successStatus, pairs)),
      vary: varyPreflight,
    })
  }

  function preflight(
    cache: OriginCache | undefined,
    origin: string,
    acrm: string,
    acrh: string | undefined,
    acrpn: string | undefined,
  ): CorsPreflightDecision {
    if (!isToken(acrm)) return rejectPreflight('malformed', origin, acrm, undefined, false)
    const headers = acrh === undefined || acrh === '' ? NO_HEADERS : judgeRequestHeaders(acrh)
    if (headers === MALFORMED) return rejectPreflight('malformed', origin, acrm, undefined, false)
    const count = headers.count
    // GET, HEAD and POST are CORS-safelisted: browsers send them whatever ACAM says.
    if (
      acrm !== 'GET' &&
      acrm !== 'HEAD' &&
      acrm !== 'POST' &&
      policy.methods !== undefined &&
      !policy.methods.has(acrm)
    ) {
      return rejectPreflight('method', origin, acrm, undefined, count > 0)
    }
    if (headers.refused !== undefined) return rejectPreflight('header', origin, acrm, headers.refused, true)
    const asksAuthorization = headers.asksAuthorization && policy.allowedHeaders === undefined
    const privateNetwork = acrpn === 'true'
    if (privateNetwork && !policy.privateNetwork)
      return rejectPreflight('private-network', origin, acrm, undefined, count > 0)

    const dynamic = reflectMethod || (reflectHeaders && count > 0)
    const slot = (count === 0 ? 0 : asksAuthorization ? 2 : 1) * 2 + (privateNetwork ? 1 : 0)
    const cached = dynamic || cache === undefined ? undefined : cache.preflights[slot]
    if (cached !== undefined) return cached
    const echoed = dynamic && cache !== undefined ? cache.echoed : undefined
    if (
      echoed !== undefined &&
      echoed.slot === slot &&
      echoed.acrm === acrm &&
      echoed.names === headers.names
    ) {
      return echoed.decision
    }

    const pairs: CorsHeader[] = [allowOriginPair(origin), ...credentialsPair]
    const methodsValue = reflectMethod ? acrm : policy.methodsValue
    if (methodsValue !== undefined) pairs.push([H.ALLOW_METHODS, methodsValue])
    if (count > 0) {
      // `*` does not cover Authorization in browsers, so it is named when it was asked for.
      const value = reflectHeaders
        ? headers.names
        : policy.allowedHeaders === undefined
          ? asksAuthorization
            ? '*,authorization'
            : '*'
          : policy.allowedHeadersValue
      if (value !== undefined) pairs.push([H.ALLOW_HEADERS, value])
    }
    pairs.push(...maxAgePair)
    if (privateNetwork) pairs.push([H.ALLOW_PRIVATE_NETWORK, 'true'])
    const respond = !policy.preflightContinue
    // Only on answers the middleware gives itself: with preflightContinue the app owns them.
    if (respond) pairs.push(...cacheControlPair)
    const decision: CorsPreflightDecision = Object.freeze({
      kind: 'preflight',
      allowed: true,
      reason: undefined,
      respond,
      status: policy.successStatus,
      headers: freezeHeaders(respond ? withLength(policy.successStatus, pairs) : pairs),
      vary: varyPreflight,
    })
    if (cache !== undefined) {
      if (!dynamic) cache.preflights[slot] = decision
      // A method name longer than any real one is answered but not kept (§7: nothing a
      // request sends is kept in proportion to its size).
      else if (acrm.length <= MAX_ECHOED_METHOD) cache.echoed = { acrm, names: headers.names, slot, decision }
    }
    return decision
  }

  function refuseOrigin(
    isPreflight: boolean,
    origin: string,
    method: string,
    acrm: string | undefined,
  ): CorsDecision {
    report(
      isPreflight ? 'preflight' : 'actual',
      'origin',
      origin,
      method,
      isPreflight ? acrm : undefined,
      undefined,
    )
    return isPreflight ? preflightRefused.origin : actualRefused
  }

  function allowed(
    cache: OriginCache | undefined,
    isPreflight: boolean,
    origin: string,
    acrm: string | undefined,
    acrh: string | undefined,
    acrpn: string | undefined,
  ): CorsDecision {
    if (isPreflight) return preflight(cache, origin, acrm!, acrh, acrpn)
    if (cache === undefined) return actualAllowed(origin)
    if (cache.actual === undefined) cache.actual = actualAllowed(origin)
    return cache.actual
  }

  return function decide(method, origin, acrm, acrh, acrpn, request) {
    // An empty Origin is treated as none (§1).
    if (origin === undefined || origin === '') return notCors
    const preflighting = isPreflight(method, origin, acrm)
    if (anyOrigin) return allowed(anyCache, preflighting, origin, acrm, acrh, acrpn)
    // Several Origin lines arrive joined with ", ": no browser sends that, so it is refused
    // before any matcher (or the user's function) sees it.
    if (origin.length > MAX_ORIGIN_LENGTH || origin.includes(','))
      return refuseOrigin(preflighting, origin, method, acrm)
    // §2: any sandboxed page (an attacker's iframe, a data: URL) sends `Origin: null`, so with
    // credentials it is refused whatever the policy's entries or function would say, and the
    // function is not asked. Validation already refuses the literal; this covers the rest.
    if (credentials && origin === 'null') return refuseOrigin(preflighting, origin, method, acrm)
    const cache = exactCaches.get(origin)
    if (cache !== undefined) return allowed(cache, preflighting, origin, acrm, acrh, acrpn)
    // A list of exact origins only: nothing else can allow this one.
    if (exactOnly) return refuseOrigin(preflighting, origin, method, acrm)
    // Past the exact list the request's own string may be written back as ACAO, so it must be
    // something a browser could have sent: visible ASCII only. A RegExp or a function that
    // approves a control character must not turn it into a header value.
    if (!isVisibleAscii(origin)) return refuseOrigin(preflighting, origin, method, acrm)
    const seen = matchedCaches.get(origin)
    if (seen !== undefined) return allowed(seen, preflighting, origin, acrm, acrh, acrpn)
    if (matchesPattern(origin))
      return allowed(matchedCaches.set(origin, newCache()), preflighting, origin, acrm, acrh, acrpn)
    const fn = policy.originFunction
    if (fn === undefined) return refuseOrigin(preflighting, origin, method, acrm)
    // Only `true` allows (§2); a throw or a rejection propagates and is not a refusal (§8).
    return whenResolved(callOriginFunction(fn, origin, request), (ok) =>
      ok === true
        ? allowed(undefined, preflighting, origin, acrm, acrh, acrpn)
        : refuseOrigin(preflighting, origin, method, acrm),
    )
  }
}

function isVisibleAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x21 || c > 0x7e) return false
  }
  return true
}
