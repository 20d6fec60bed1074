// The browser side of the CORS protocol, run against a live server: the request a page's
// `fetch()` would make, the preflight it would send first, the checks it would run on each
// answer, and the verdict. Written from the Fetch standard
// (https://fetch.spec.whatwg.org/#http-cors-protocol); step numbers below are the standard's.
// It never consults @crossway/core's decision code: the point is an independent second opinion.

import {
  type AddressSpace,
  ipAddressSpace,
  isLocalNetworkRequest,
  isPotentiallyTrustworthy,
  pageAddressSpace,
  sameSite,
} from './address-space'
import { type Problem, type ProblemCode, type Warning, type WarningCode } from './codes'
import {
  DEFAULT_MAX_AGE,
  extractMaxAge,
  extractTokenList,
  isForbiddenMethod,
  isForbiddenRequestHeader,
  isSafelistedMethod,
  isToken,
  MAX_AGE_CAPS,
  normaliseMethod,
  unsafeRequestHeaderNames,
} from './fetch-rules'
import { looksLikeCrossway } from './fingerprint'
import { DoctorError, type Exchange, type ReceivedResponse, type SentRequest, send } from './http-client'
import type { CorsPreflightCache } from './preflight-cache'

/** What the page's `fetch()` asks for. */
export interface ProbeRequest {
  /** The page's origin, e.g. `https://app.example.com` (or `null` for a sandboxed page). */
  origin: string
  /** @default 'GET' */
  method?: string
  /** Headers the script sets; a header without a value is sent as `x`. */
  headers?: Record<string, string> | readonly (readonly [string, string])[]
  /** `credentials: 'include'`. @default false */
  credentials?: boolean
  /** The body's `Content-Type` (a body of that type is announced; an empty one is sent). */
  bodyType?: string
  /** Per HTTP exchange, in milliseconds. @default 10000 */
  timeout?: number
  /**
   * A second origin to ask with (GET and HEAD only), to see whether the answer depends on the
   * origin (`Vary`) and whether any origin is reflected. `false` skips it.
   * @default 'https://doctor.crossway.invalid'
   */
  secondOrigin?: string | false
  /** A preflight cache shared with earlier probes; without one, every probe is a fresh profile's first request. */
  cache?: CorsPreflightCache
}

/** Exactly what `crossway doctor --json` prints. */
export interface ProbeResult {
  verdict: 'allowed' | 'blocked'
  /** The preflight: `needed` false means none was sent; `sent`/`received` null with `needed` true means the cache answered. */
  preflight: { needed: boolean; sent: SentRequest | null; received: ReceivedResponse | null } | null
  /** The actual request and its (last, after redirects) response; null when it was never sent. */
  actual: { sent: SentRequest; received: ReceivedResponse } | null
  problems: Problem[]
  warnings: Warning[]
}

const SECOND_ORIGIN = 'https://doctor.crossway.invalid'
const USER_AGENT = 'crossway-doctor (+https://github.com/crossway-dev/crossway/tree/main/packages/doctor)'
const REDIRECTS = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 20
const REQUEST_BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type']

type Fix = string | { crossway: string; generic: string }

/** Problems and warnings as found; fixes are chosen once the whole exchange is known. */
class Findings {
  readonly problems: { code: ProblemCode; message: string; fix: Fix }[] = []
  readonly warnings: Warning[] = []
  problem(code: ProblemCode, message: string, fix: Fix): void {
    if (!this.problems.some((p) => p.code === code && p.message === message))
      this.problems.push({ code, message, fix })
  }
  warn(code: WarningCode, message: string): void {
    if (!this.warnings.some((w) => w.code === code && w.message === message))
      this.warnings.push({ code, message })
  }
  has(code: ProblemCode): boolean {
    return this.problems.some((p) => p.code === code)
  }
}

/** The request as the browser holds it while fetching (Fetch's request, the parts CORS reads). */
interface State {
  url: URL
  /** The serialised request origin; `null` once the tainted-origin flag is set. */
  origin: string
  pageOrigin: string
  method: string
  headers: [string, string][]
  credentials: boolean
  timeout: number
}

const q = (s: string) => `"${s}"`

function serialiseOrigin(input: string, findings: Findings): string {
  if (input === 'null') return 'null'
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new DoctorError(
      'bad-request',
      `--origin ${q(input)} is not an origin; write it like https://app.example.com`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DoctorError('bad-request', `--origin ${q(input)}: a page's origin is http: or https: (or null)`)
  }
  // https://html.spec.whatwg.org/#ascii-serialisation-of-an-origin: what a browser puts in `Origin`.
  const origin = url.origin
  if (origin !== input) {
    findings.warn(
      'origin-normalised',
      `--origin ${q(input)} is sent as ${q(origin)}, the form a browser serialises (no path, lower-case host, no default port).`,
    )
  }
  return origin
}

function headerList(request: ProbeRequest, findings: Findings): [string, string][] {
  const given = Array.isArray(request.headers)
    ? (request.headers as readonly (readonly [string, string])[])
    : Object.entries((request.headers as Record<string, string> | undefined) ?? {})
  const list: [string, string][] = []
  for (const [name, value] of given) {
    if (!isToken(name))
      throw new DoctorError('bad-request', `header name ${q(name)} is not a valid HTTP token`)
    if (/[\0\r\n]/.test(value))
      throw new DoctorError('bad-request', `header ${name}: the value has a line break`)
    // `new Headers()` under the "request" guard drops forbidden names without a word.
    if (isForbiddenRequestHeader(name, value)) {
      findings.warn(
        'forbidden-header-dropped',
        `${name} is a forbidden request header: a script cannot set it, so the browser drops it (and so does the doctor).`,
      )
      continue
    }
    list.push([name, value.trim()])
  }
  if (request.bodyType !== undefined && !list.some(([n]) => n.toLowerCase() === 'content-type')) {
    list.push(['Content-Type', request.bodyType])
  }
  return list
}

/** Sec-Fetch-Site as the browser computes it (https://w3c.github.io/webappsec-fetch-metadata/). */
function fetchSite(origin: string, url: URL): string {
  if (origin === url.origin) return 'same-origin'
  return sameSite(origin, url.origin) ? 'same-site' : 'cross-site'
}

function combined(headers: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {}
  const names = new Map<string, string>()
  for (const [name, value] of headers) {
    const key = names.get(name.toLowerCase()) ?? name
    names.set(name.toLowerCase(), key)
    // Fetch's "get" joins repeated names with ", "; that is what goes on the wire.
    out[key] = key in out ? `${out[key]}, ${value}` : value
  }
  return out
}

function stepLabel(exchange: Exchange): string {
  if (exchange.sent.method === 'OPTIONS' && exchange.sent.headers['Access-Control-Request-Method']) {
    return 'the preflight response'
  }
  return REDIRECTS.has(exchange.received.status)
    ? `the redirect (${exchange.received.status})`
    : 'the response'
}

const showLines = (lines: string[]) => lines.map(q).join(' and ')

/**
 * https://fetch.spec.whatwg.org/#concept-cors-check, with the reason when it fails.
 * `credentials` is the original request's credentials mode, also for the preflight (CORS-preflight
 * fetch, step 7, runs the check "for request", not for the preflight request).
 */
function corsCheck(exchange: Exchange, origin: string, credentials: boolean, findings: Findings): boolean {
  const where = stepLabel(exchange)
  const lines = exchange.lines('access-control-allow-origin')
  const wanted = `Access-Control-Allow-Origin: ${origin}`
  // Steps 1–2: "get" the header; absent is a failure.
  if (lines.length === 0) {
    findings.problem('acao-missing', `${capital(where)} has no Access-Control-Allow-Origin.`, {
      crossway: `List ${q(origin)} in the policy's \`origin\` option (origin: [${q(origin)}]); Crossway leaves the header out for an origin it does not allow (${wanted}).`,
      generic: `Answer requests from this origin with ${wanted} (and Vary: Origin).`,
    })
    return false
  }
  // "get" joins several lines with ", ", which can never equal one origin.
  const value = lines.join(', ')
  // Step 3.
  if (!credentials && value === '*') return true
  // Step 4: byte-for-byte equality with the serialised origin.
  if (value !== origin) {
    if (lines.length > 1) {
      findings.problem(
        'acao-duplicate',
        `${capital(where)} has ${lines.length} Access-Control-Allow-Origin lines (${showLines(lines)}); the browser reads them as one value, ${q(value)}, which matches nothing. Two layers each add CORS headers.`,
        {
          crossway: `Crossway already writes this header: remove the other layer's CORS headers (a proxy's add_header, a second CORS middleware, the framework's built-in CORS) so exactly one line remains.`,
          generic: `Keep exactly one layer that writes CORS headers (a proxy's add_header and the app's middleware both do here): one line, ${wanted}.`,
        },
      )
    } else if (value === '*') {
      findings.problem(
        'acao-wildcard-with-credentials',
        `${capital(where)} allows any origin (*), which a request with credentials: 'include' may not use: the browser requires the exact origin.`,
        {
          crossway: `Replace origin: '*' with the list of origins and turn credentials on: origin: [${q(origin)}], credentials: true (Crossway then echoes the origin: ${wanted}). Or call fetch() without credentials.`,
          generic: `Echo the request's origin instead of *: ${wanted}, with Access-Control-Allow-Credentials: true and Vary: Origin. Or call fetch() without credentials.`,
        },
      )
    } else if (value === `${origin}/` || value.replace(/\/+$/, '') === origin) {
      findings.problem(
        'acao-trailing-slash',
        `${capital(where)} has Access-Control-Allow-Origin: ${value}, with a trailing slash; an origin has no path, so it does not match ${q(origin)}.`,
        {
          crossway: `Crossway refuses origins with a path when the policy is built, so another layer writes this header: remove it and keep ${q(origin)} in \`origin\`.`,
          generic: `Drop the slash: ${wanted}. Origins are scheme://host[:port], nothing after.`,
        },
      )
    } else if (value.toLowerCase() === origin.toLowerCase()) {
      findings.problem(
        'acao-case',
        `${capital(where)} has Access-Control-Allow-Origin: ${value}; the browser compares byte for byte with ${q(origin)} (lower-case scheme and host), so the case matters.`,
        {
          crossway: `Crossway answers with the request's own Origin, so another layer wrote this one: remove it (the policy may list origins in any case; Crossway normalises them).`,
          generic: `Send the origin exactly as the browser sent it in the Origin request header: ${wanted}.`,
        },
      )
    } else if (/[,\s]/.test(value) && value.split(/[,\s]+/).includes(origin)) {
      findings.problem(
        'acao-list',
        `${capital(where)} has Access-Control-Allow-Origin: ${value}, a list; the header holds exactly one origin (or *).`,
        {
          crossway: `Crossway never writes a list (it echoes the one origin that matched): another layer wrote this. List the origins in the policy, origin: [${q(origin)}, …], and remove the other layer's header.`,
          generic: `Keep the list on the server: when the request's Origin is in it, answer ${wanted} and Vary: Origin.`,
        },
      )
    } else {
      findings.problem(
        'acao-mismatch',
        `${capital(where)} has Access-Control-Allow-Origin: ${value}, which is not the page's origin ${q(origin)}.${origin === 'null' ? ' (A cross-origin redirect made the request origin opaque: the browser now sends Origin: null.)' : ''}`,
        {
          crossway: `Crossway only writes the request's own Origin or *, so another layer (proxy, CDN cache, framework) wrote or cached this one: remove it, keep Vary: Origin, and list ${q(origin)} in \`origin\`.`,
          generic: `Answer with the origin that asked: ${wanted} (check it against your list; do not hard-code another origin), and Vary: Origin.`,
        },
      )
    }
    return false
  }
  // Step 5.
  if (!credentials) return true
  // Steps 6–8: with credentials, exactly `true`.
  const acac = exchange.lines('access-control-allow-credentials')
  if (acac.length === 0) {
    findings.problem(
      'acac-missing',
      `The request includes credentials, but ${where} has no Access-Control-Allow-Credentials: true.`,
      {
        crossway: `Set credentials: true in the policy (Crossway then sends Access-Control-Allow-Credentials: true).`,
        generic: `Add Access-Control-Allow-Credentials: true for this origin.`,
      },
    )
    return false
  }
  const credentialsValue = acac.join(', ')
  if (credentialsValue !== 'true') {
    findings.problem(
      'acac-not-true',
      `${capital(where)} has Access-Control-Allow-Credentials: ${credentialsValue}${acac.length > 1 ? ` (${acac.length} lines, read as one value)` : ''}; only the exact, lower-case value "true" counts.`,
      {
        crossway: `Crossway writes exactly \`true\` once: ${acac.length > 1 ? 'a second layer adds the header too; remove it' : 'another layer rewrote it; remove that layer'}.`,
        generic: `Send exactly one line, Access-Control-Allow-Credentials: true (lower case, no quotes).`,
      },
    )
    return false
  }
  return true
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

function preflightRequest(state: State, acrh: string, method = state.method): SentRequest {
  const headers: Record<string, string> = {
    // CORS-preflight fetch, steps 2–5; the Origin header is added by the network-or-cache fetch.
    Accept: '*/*',
    'Access-Control-Request-Method': method,
  }
  if (acrh !== '') headers['Access-Control-Request-Headers'] = acrh
  headers.Origin = state.origin
  headers['Sec-Fetch-Mode'] = 'cors'
  headers['Sec-Fetch-Site'] = fetchSite(state.pageOrigin, state.url)
  headers['Sec-Fetch-Dest'] = 'empty'
  headers['User-Agent'] = USER_AGENT
  // No Cookie and no Authorization: the preflight's credentials mode is "same-origin" (step 1).
  return { method: 'OPTIONS', url: state.url.href, headers }
}

function actualRequest(state: State): SentRequest {
  const headers = combined(state.headers)
  // Fetch step "If request's header list does not contain `Accept`, append `*/*`".
  if (!Object.keys(headers).some((n) => n.toLowerCase() === 'accept')) headers.Accept = '*/*'
  headers.Origin = state.origin
  headers['Sec-Fetch-Mode'] = 'cors'
  headers['Sec-Fetch-Site'] = fetchSite(state.pageOrigin, state.url)
  headers['Sec-Fetch-Dest'] = 'empty'
  headers['User-Agent'] = USER_AGENT
  if (state.method !== 'GET' && state.method !== 'HEAD') headers['Content-Length'] = '0'
  return { method: state.method, url: state.url.href, headers }
}

interface Context {
  state: State
  findings: Findings
  exchanges: Exchange[]
  cache: CorsPreflightCache | undefined
}

async function exchange(ctx: Context, sent: SentRequest): Promise<Exchange> {
  const ex = await send(sent, ctx.state.timeout)
  ctx.exchanges.push(ex)
  return ex
}

/**
 * https://fetch.spec.whatwg.org/#cors-preflight-fetch-0. Resolves with the exchange and whether
 * it succeeded.
 */
async function preflight(ctx: Context, unsafeNames: string[]): Promise<{ exchange: Exchange; ok: boolean }> {
  const { state, findings } = ctx
  // Step 5: the names, lower-cased and sorted already, joined by "," without spaces.
  const ex = await exchange(ctx, preflightRequest(state, unsafeNames.join(',')))
  const status = ex.received.status

  if (REDIRECTS.has(status) || (status >= 300 && status < 400)) {
    const location = ex.lines('location')[0]
    findings.problem(
      'preflight-redirect',
      `The preflight was answered with a redirect (${status}${location ? ` to ${location}` : ''}); a preflight never follows redirects, so the request is blocked.`,
      {
        crossway: `Crossway answers preflights before routing, so the redirect comes from a layer in front of it (HTTPS or trailing-slash redirect, proxy, auth). Call the final URL${location ? ` (${location})` : ''} from the page, or let OPTIONS through that layer.`,
        generic: `Call the final URL${location ? ` (${location})` : ''} directly, or answer OPTIONS on this URL with a 2xx and the CORS headers instead of redirecting.`,
      },
    )
    return { exchange: ex, ok: false }
  }

  // Step 7: a CORS check and an ok status, both.
  const passes = corsCheck(ex, state.origin, state.credentials, new Findings())
  const okStatus = status >= 200 && status <= 299
  if (!okStatus && ex.lines('access-control-allow-origin').length === 0) {
    await explainRefusal(ctx, ex, unsafeNames)
    return { exchange: ex, ok: false }
  }
  if (!passes) corsCheck(ex, state.origin, state.credentials, findings)
  if (!okStatus) {
    findings.problem(
      'preflight-status',
      `The preflight was answered with ${status}; a preflight needs a 2xx status (whatever its CORS headers say).`,
      {
        crossway: `Something ahead of Crossway answered OPTIONS with ${status} (authentication, a router without an OPTIONS route, a body parser): register Crossway first so it answers the preflight.`,
        generic: `Answer OPTIONS preflights with 204 (or 200) and the CORS headers, before authentication and routing.`,
      },
    )
  }
  if (!passes || !okStatus) return { exchange: ex, ok: false }

  // Step 7.1–7.2: extract the lists; a value that does not parse is a network error.
  const methods = extractTokenList(ex.lines('access-control-allow-methods'))
  const headerNames = extractTokenList(ex.lines('access-control-allow-headers'))
  let ok = true
  if (methods === 'failure') {
    const value = ex.lines('access-control-allow-methods').join(', ')
    findings.problem(
      'acam-unparsable',
      `The preflight response's Access-Control-Allow-Methods (${q(value)}) does not parse as a comma-separated list of method tokens, so the browser rejects the whole preflight.`,
      {
        crossway: `Crossway writes this list as GET,PUT,…; another layer wrote this one: remove it and list methods in \`methods\`.`,
        generic: `Write methods as tokens separated by commas: Access-Control-Allow-Methods: GET,POST,PUT.`,
      },
    )
    ok = false
  }
  if (headerNames === 'failure') {
    const value = ex.lines('access-control-allow-headers').join(', ')
    findings.problem(
      'acah-unparsable',
      `The preflight response's Access-Control-Allow-Headers (${q(value)}) does not parse as a comma-separated list of header names, so the browser rejects the whole preflight.`,
      {
        crossway: `Crossway writes this list as content-type,x-api-key; another layer wrote this one: remove it and list names in \`allowedHeaders\`.`,
        generic: `Write header names separated by commas: Access-Control-Allow-Headers: content-type,x-api-key.`,
      },
    )
    ok = false
  }
  if (!ok || methods === 'failure' || headerNames === 'failure') return { exchange: ex, ok: false }

  // Step 7.3 (the use-CORS-preflight flag is for upload listeners only; fetch() never sets it).
  const methodList = methods ?? []
  const names = (headerNames ?? []).map((n) => n.toLowerCase())
  const method = state.method
  // Step 7.5: the method, compared byte for byte.
  if (
    !methodList.includes(method) &&
    !isSafelistedMethod(method) &&
    (state.credentials || !methodList.includes('*'))
  ) {
    const listed = methodList.length ? methodList.join(',') : '(none)'
    if (state.credentials && methodList.includes('*')) {
      findings.problem(
        'method-wildcard-with-credentials',
        `The preflight response allows methods "*", but with credentials "*" is just a method name, not a wildcard; ${method} is not listed.`,
        {
          crossway: `Crossway answers methods: '*' with the requested method when credentials are on; another layer wrote this "*": remove it, or list the methods: methods: [${q(method)}, …].`,
          generic: `With credentials, list the methods: Access-Control-Allow-Methods: ${method}.`,
        },
      )
    } else {
      const caseOnly = methodList.find((m) => m.toLowerCase() === method.toLowerCase())
      findings.problem(
        'method-not-allowed',
        `The preflight response allows the methods ${listed}, not ${method}.${caseOnly ? ` (It lists ${q(caseOnly)}: methods are compared byte for byte, and browsers upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT.)` : ''}`,
        {
          crossway: `Add ${q(method)} to the policy's \`methods\` (methods: [${[...methodList.filter((m) => m !== '*'), method].map(q).join(', ')}]); Crossway then lists it in Access-Control-Allow-Methods.`,
          generic: `List ${method} in Access-Control-Allow-Methods (e.g. ${[...methodList.filter((m) => m !== '*'), method].join(',')}).`,
        },
      )
    }
    ok = false
  }
  // Step 7.6: `authorization` is never covered by "*".
  const hasAuthorization = state.headers.some(([n]) => n.toLowerCase() === 'authorization')
  if (hasAuthorization && !names.includes('authorization') && names.includes('*') && !state.credentials) {
    // Step 7.6 says this is a network error, but Chromium, Firefox and WebKit (checked against
    // all three: examples/browser-tests/test/doctor-engines.test.ts) still let it through, with
    // at most a console deprecation notice. The verdict follows the engines; the problem stands.
    findings.problem(
      'wildcard-authorization',
      'The preflight response allows headers "*", which by the Fetch standard never covers Authorization, and the request sends Authorization. Today\'s Chromium, Firefox and Safari still accept it (Chromium warns in the console that it will stop); a browser that follows the standard blocks the request.',
      {
        crossway: `Crossway adds authorization next to "*" by itself when it is requested (*,authorization); this answer came from another layer. Or list it: allowedHeaders: ['authorization', …].`,
        generic: `Name it explicitly: Access-Control-Allow-Headers: *,authorization (or list every header).`,
      },
    )
  }
  // Step 7.7: every CORS-unsafe name, case-insensitively; "*" only without credentials.
  const refused = unsafeNames.filter(
    (name) =>
      !names.includes(name) &&
      (state.credentials || !names.includes('*')) &&
      !(name === 'authorization' && names.includes('*') && !state.credentials),
  )
  if (refused.length > 0) {
    if (state.credentials && names.includes('*')) {
      findings.problem(
        'header-wildcard-with-credentials',
        `The preflight response allows headers "*", but with credentials "*" is just a header name; ${refused.join(', ')} ${refused.length > 1 ? 'are' : 'is'} not listed.`,
        {
          crossway: `Crossway answers allowedHeaders: '*' with the requested names when credentials are on; another layer wrote this "*": remove it, or list them: allowedHeaders: [${refused.map(q).join(', ')}].`,
          generic: `With credentials, name the headers: Access-Control-Allow-Headers: ${refused.join(',')}.`,
        },
      )
    } else {
      const listed = names.length ? names.join(',') : '(none)'
      findings.problem(
        'header-not-allowed',
        `The request sends ${refused.join(', ')}, which the preflight response does not allow (Access-Control-Allow-Headers: ${listed}).`,
        {
          crossway: `Add ${refused.map(q).join(', ')} to the policy's \`allowedHeaders\`.`,
          generic: `List ${refused.length > 1 ? 'them' : 'it'} in Access-Control-Allow-Headers: ${[...names.filter((n) => n !== '*'), ...refused].join(',')}.`,
        },
      )
    }
    ok = false
  }
  if (!ok) {
    ctx.cache?.clear(state.origin, state.url.href)
    return { exchange: ex, ok: false }
  }

  // Steps 7.7–7.8 (max-age and the UA's cap), then the cache entries (7.9–7.10).
  const maxAge = extractMaxAge(ex.lines('access-control-max-age'))
  if (maxAge === 'failure') {
    findings.warn(
      'max-age-unparsable',
      `Access-Control-Max-Age: ${ex.lines('access-control-max-age').join(', ')} is not a number of seconds; browsers use ${DEFAULT_MAX_AGE} s instead.`,
    )
  } else if (maxAge !== null && maxAge > MAX_AGE_CAPS.webkit) {
    const capped = (Object.entries(MAX_AGE_CAPS) as [string, number][]).filter(([, cap]) => maxAge > cap)
    findings.problem(
      'max-age-capped',
      `Access-Control-Max-Age: ${maxAge} is above what ${capped.map(([e, cap]) => `${engineName(e)} (${cap} s)`).join(' and ')} keep${capped.length > 1 ? '' : 's'}: they silently cache the preflight for less, so your number is not what browsers do.`,
      {
        crossway: `Set maxAge to ${MAX_AGE_CAPS.chromium} or less (Chromium's cap), or ${MAX_AGE_CAPS.webkit} to get the same lifetime in every engine.`,
        generic: `Send Access-Control-Max-Age: ${MAX_AGE_CAPS.chromium} or less (Chromium's cap), or ${MAX_AGE_CAPS.webkit} for the same lifetime in every engine.`,
      },
    )
  }
  ctx.cache?.store(
    state.origin,
    state.url.href,
    state.credentials,
    typeof maxAge === 'number' ? maxAge : DEFAULT_MAX_AGE,
    methodList,
    headerNames ?? [],
  )
  return { exchange: ex, ok: true }
}

function engineName(engine: string): string {
  return engine === 'webkit' ? 'WebKit (Safari)' : engine === 'chromium' ? 'Chromium' : 'Firefox'
}

/**
 * A preflight refused with a bare error status (Crossway's 403 without CORS headers, a 405 from
 * a router) says nothing about which part was refused. Preflights are safe to repeat, so ask
 * again with less: without the headers, then each header alone, to name the culprit.
 */
async function explainRefusal(ctx: Context, refusedExchange: Exchange, unsafeNames: string[]): Promise<void> {
  const { state, findings } = ctx
  const status = refusedExchange.received.status
  const passes = async (method: string, acrh: string) => {
    const ex = await exchange(ctx, preflightRequest(state, acrh, method))
    return (
      ex.received.status >= 200 &&
      ex.received.status <= 299 &&
      corsCheck(ex, state.origin, state.credentials, new Findings())
    )
  }
  const bare = `The preflight was answered with ${status} and no CORS headers`
  if (!(await passes('GET', ''))) {
    if (status === 403) {
      findings.problem(
        'acao-missing',
        `${bare}, and so is any preflight from ${q(state.origin)}, even one for a plain GET: the server does not allow this origin.`,
        {
          crossway: `List ${q(state.origin)} in the policy's \`origin\` option (origin: [${q(state.origin)}]); Crossway refuses preflights from other origins with a bare 403.`,
          generic: `Answer preflights from this origin with a 2xx, Access-Control-Allow-Origin: ${state.origin}, and the methods and headers it may use.`,
        },
      )
    } else {
      findings.problem(
        'preflight-status',
        `${bare}, and so is any preflight from ${q(state.origin)}: the CORS layer is not answering OPTIONS on this URL.`,
        {
          crossway: `Something ahead of Crossway answers OPTIONS with ${status} (authentication, a router without an OPTIONS route, a missing route): register Crossway first so it answers the preflight.`,
          generic: `Answer OPTIONS preflights with 204 (or 200) and the CORS headers, before authentication and routing.`,
        },
      )
    }
    return
  }
  const culprits: string[] = []
  if (!isSafelistedMethod(state.method) && !(await passes(state.method, ''))) {
    findings.problem(
      'method-not-allowed',
      `${bare}; the same preflight for GET passes, for ${state.method} it does not: the server does not allow the method ${state.method}.`,
      {
        crossway: `Add ${q(state.method)} to the policy's \`methods\`. (debug: true in development makes Crossway answer such preflights with what it does allow, so the browser console names the method.)`,
        generic: `Allow ${state.method} in preflights: answer with a 2xx and Access-Control-Allow-Methods listing ${state.method}.`,
      },
    )
    return
  }
  for (const name of unsafeNames.slice(0, 16)) {
    if (!(await passes(state.method, name))) culprits.push(name)
  }
  if (culprits.length > 0) {
    findings.problem(
      'header-not-allowed',
      `${bare}; without Access-Control-Request-Headers it passes, and each of ${culprits.join(', ')} alone makes it fail: the server does not allow ${culprits.length > 1 ? 'these headers' : 'this header'}.`,
      {
        crossway: `Add ${culprits.map(q).join(', ')} to the policy's \`allowedHeaders\`. (debug: true in development makes Crossway answer with what it does allow, so the console names the header.)`,
        generic: `Allow ${culprits.join(', ')}: answer the preflight with a 2xx and Access-Control-Allow-Headers listing ${culprits.length > 1 ? 'them' : 'it'}.`,
      },
    )
    return
  }
  findings.problem(
    'preflight-status',
    `${bare}; simpler preflights pass, but not this combination of method and headers (${unsafeNames.join(',')}).`,
    {
      crossway: `Check the policy's \`methods\` and \`allowedHeaders\` (debug: true makes the browser console name the refused part).`,
      generic: `Answer this preflight with a 2xx and the CORS headers for ${state.method} and ${unsafeNames.join(',')}.`,
    },
  )
}

function varyHasOrigin(ex: Exchange): boolean {
  return ex
    .lines('vary')
    .flatMap((line) => line.split(','))
    .some((token) => {
      const t = token.trim().toLowerCase()
      return t === 'origin' || t === '*'
    })
}

/** Whether the answer depends on the origin without saying so, and whether any origin is echoed. */
async function checkOriginDependence(
  ctx: Context,
  first: Exchange,
  secondOrigin: string | false,
): Promise<void> {
  const { state, findings } = ctx
  const acao = first.lines('access-control-allow-origin').join(', ')
  const varyFix = {
    crossway: `Crossway always sends Vary: Origin when the policy is not '*': a layer after it (proxy, CDN, framework) replaced the Vary header. Merge instead of overwriting (mergeVary from @crossway/core), or keep Origin in that layer's Vary.`,
    generic: `Add Vary: Origin to every response whose CORS headers depend on the Origin (allowed or not), merged into any Vary already there.`,
  }
  const canAskAgain = secondOrigin !== false && (state.method === 'GET' || state.method === 'HEAD')
  if (!canAskAgain) {
    // "*" is the same answer for every origin: nothing to compare.
    if (acao === '' || acao === '*') return
    // Without a second answer, an echoed origin without Vary is the likely hazard.
    if (!varyHasOrigin(first)) {
      findings.problem(
        'vary-origin-missing',
        `The response names the origin (Access-Control-Allow-Origin: ${acao}) without Vary: Origin: if the answer depends on the Origin, a browser or CDN cache can serve it to a page on another origin, which is then blocked (or, worse, an allowed answer reaches an origin that is not).`,
        varyFix,
      )
    } else if (secondOrigin !== false) {
      findings.warn(
        'second-origin-skipped',
        `The doctor asks a second origin only with GET and HEAD (repeating a ${state.method} could change data), so whether every answer carries Vary: Origin was not checked.`,
      )
    }
    return
  }
  const other =
    (secondOrigin as string) === state.origin ? `${secondOrigin.replace(/\/$/, '')}.other` : secondOrigin
  const probeState = { ...state, origin: other }
  const second = await exchange(ctx, actualRequest(probeState))
  const otherAcao = second.lines('access-control-allow-origin').join(', ')
  // A constant answer (one hard-coded origin, or "*") is safe to cache for everyone.
  if (otherAcao !== acao && !(varyHasOrigin(first) && varyHasOrigin(second))) {
    findings.problem(
      'vary-origin-missing',
      `The answer depends on the origin (asked from ${q(other)}, a made-up origin, the server sent Access-Control-Allow-Origin: ${otherAcao || '(none)'}; from ${q(state.origin)}: ${acao || '(none)'}), but the responses do not all carry Vary: Origin: a browser or CDN cache can hand one origin's answer to another, which is then blocked (or, worse, reads what it should not).`,
      varyFix,
    )
  }
  if (otherAcao === other) {
    const withCredentials = second.lines('access-control-allow-credentials').join(', ') === 'true'
    if (withCredentials) {
      findings.problem(
        'credentials-any-origin',
        `The server echoes any origin with Access-Control-Allow-Credentials: true (it allowed ${q(other)}, made up by the doctor): any website can read this URL with the visitor's cookies.`,
        {
          crossway: `The policy's \`origin\` function (or RegExp) approves every origin: list the origins instead, origin: [${q(state.origin)}].`,
          generic: `Check the Origin against a list of trusted origins before echoing it; never reflect an arbitrary Origin together with Access-Control-Allow-Credentials: true.`,
        },
      )
    } else {
      findings.warn(
        'reflects-any-origin',
        `The server echoes any origin (it allowed ${q(other)}, made up by the doctor). Fine for public data; if so, "*" says it more plainly and caches better.`,
      )
    }
  }
}

/**
 * Runs the request the way a browser's `fetch()` from a page on `request.origin` would, against
 * the live `url`, and says whether the browser would let the page read the response, and why not.
 * Throws a `DoctorError` when it cannot probe (bad input, network error).
 *
 * @example
 * const result = await probe('https://api.example.com/items', { origin: 'https://app.example.com', method: 'PUT', headers: { 'content-type': 'application/json' } })
 * if (result.verdict === 'blocked') console.log(result.problems[0]?.fix)
 */
export async function probe(url: string, request: ProbeRequest): Promise<ProbeResult> {
  const findings = new Findings()
  let target: URL
  try {
    target = new URL(url)
  } catch {
    throw new DoctorError('bad-request', `${q(url)} is not a URL; write it like https://api.example.com/path`)
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new DoctorError('bad-request', `${q(url)}: only http: and https: URLs can be fetched cross-origin`)
  }
  if (target.username || target.password) {
    // fetch() throws a TypeError for a URL with credentials before anything is sent.
    throw new DoctorError('bad-request', `${q(url)} includes a user name or password, which fetch() refuses`)
  }
  target.hash = ''
  const origin = serialiseOrigin(request.origin, findings)
  const rawMethod = request.method ?? 'GET'
  if (!isToken(rawMethod))
    throw new DoctorError('bad-request', `method ${q(rawMethod)} is not a valid HTTP token`)
  if (isForbiddenMethod(rawMethod)) {
    throw new DoctorError('bad-request', `fetch() refuses the method ${rawMethod} (a forbidden method)`)
  }
  const method = normaliseMethod(rawMethod)
  if (method !== rawMethod.toUpperCase()) {
    findings.warn(
      'method-not-normalised',
      `Browsers upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT; ${q(method)} is sent as written, and the server must allow exactly ${q(method)}.`,
    )
  }
  if (request.bodyType !== undefined && (method === 'GET' || method === 'HEAD')) {
    throw new DoctorError(
      'bad-request',
      `fetch() refuses a body with ${method}; drop --body-type or use POST`,
    )
  }
  const credentials = request.credentials === true
  const state: State = {
    url: target,
    origin,
    pageOrigin: origin,
    method,
    headers: headerList(request, findings),
    credentials,
    timeout: request.timeout ?? 10_000,
  }
  const ctx: Context = { state, findings, exchanges: [], cache: request.cache }
  const result: ProbeResult = {
    verdict: 'allowed',
    preflight: null,
    actual: null,
    problems: [],
    warnings: [],
  }

  if (origin === target.origin) {
    findings.warn('same-origin', `${target.origin} is the page's own origin: no CORS applies.`)
    const ex = await exchange(ctx, actualRequest(state))
    result.preflight = { needed: false, sent: null, received: null }
    result.actual = { sent: ex.sent, received: ex.received }
    return finish(result, ctx)
  }

  // Main fetch: "should request be blocked as mixed content" runs before anything is sent.
  if (origin.startsWith('https:') && target.protocol === 'http:' && !isPotentiallyTrustworthy(target)) {
    findings.problem(
      'mixed-content',
      `A page on https (${origin}) cannot fetch plain-http ${target.origin}: the browser blocks it as mixed content before sending anything, whatever the CORS headers.`,
      `Serve the API over https and call ${target.href.replace(/^http:/, 'https:')}.`,
    )
    result.verdict = 'blocked'
    return finish(result, ctx)
  }

  let lastPreflight: ProbeResult['preflight'] = { needed: false, sent: null, received: null }
  for (let redirects = 0; ; redirects++) {
    const unsafeHeaders = unsafeRequestHeaderNames(state.headers)
    const unsafe = unsafeHeaders.map((h) => h.name)
    if (unsafeHeaders.some((h) => h.reason === 'total-size')) {
      findings.warn(
        'engines-disagree',
        `The safelisted headers' values add up to more than 1024 bytes, so by the Fetch standard they all need a preflight (${unsafeHeaders
          .filter((h) => h.reason === 'total-size')
          .map((h) => h.name)
          .join(
            ', ',
          )}). Chromium and WebKit apply that rule; Firefox does not, and sends the request without a preflight.`,
      )
    }
    // HTTP fetch, step 4.1: a preflight unless the cache holds every method and name.
    const methodNeeds = !isSafelistedMethod(state.method)
    const cache = ctx.cache
    const needed =
      (methodNeeds && !cache?.hasMethod(state.origin, state.url.href, credentials, state.method)) ||
      unsafe.some((name) => !cache?.hasHeader(state.origin, state.url.href, credentials, name))
    if (methodNeeds || unsafe.length > 0) {
      if (!needed) {
        findings.warn(
          'preflight-cache-hit',
          `The preflight cache answered for ${state.method} ${state.url.href}.`,
        )
        lastPreflight = { needed: true, sent: null, received: null }
      } else {
        const outcome = await preflight(ctx, unsafe)
        lastPreflight = { needed: true, sent: outcome.exchange.sent, received: outcome.exchange.received }
        if (!outcome.ok) {
          result.verdict = 'blocked'
          result.preflight = lastPreflight
          return finish(result, ctx)
        }
      }
    }
    result.preflight = lastPreflight

    const ex = await exchange(ctx, actualRequest(state))
    result.actual = { sent: ex.sent, received: ex.received }
    const status = ex.received.status
    const location = ex.lines('location')[0]
    if (REDIRECTS.has(status) && location !== undefined) {
      // HTTP fetch, step 4.3: the CORS check applies to the redirect response itself.
      const scratch = new Findings()
      if (!corsCheck(ex, state.origin, credentials, scratch)) {
        const detail = scratch.problems[0]?.message ?? ''
        findings.problem(
          'actual-redirect',
          `The request was answered with a redirect (${status} to ${location}), and the redirect itself fails the CORS check: ${detail.charAt(0).toLowerCase()}${detail.slice(1)}`,
          {
            crossway: `The redirect is sent before Crossway runs (an HTTPS, trailing-slash or login redirect in front of it). Call the final URL from the page, or register Crossway before whatever redirects.`,
            generic: `Call the final URL directly; a redirect for a cross-origin request must itself carry Access-Control-Allow-Origin${credentials ? ' and Access-Control-Allow-Credentials' : ''}.`,
          },
        )
        result.verdict = 'blocked'
        return finish(result, ctx)
      }
      // HTTP-redirect fetch.
      let next: URL
      try {
        next = new URL(location, state.url)
      } catch {
        findings.problem(
          'actual-redirect',
          `The redirect's Location (${q(location)}) is not a URL.`,
          'Send a valid Location.',
        )
        result.verdict = 'blocked'
        return finish(result, ctx)
      }
      if ((next.protocol !== 'http:' && next.protocol !== 'https:') || redirects + 1 >= MAX_REDIRECTS) {
        findings.problem(
          'actual-redirect',
          redirects + 1 >= MAX_REDIRECTS
            ? `More than ${MAX_REDIRECTS} redirects: the browser gives up.`
            : `The redirect goes to ${next.href}, which is not http(s).`,
          'Call the final URL directly.',
        )
        result.verdict = 'blocked'
        return finish(result, ctx)
      }
      if (next.username || next.password) {
        findings.problem(
          'actual-redirect',
          `The redirect goes to a URL with a user name or password (${next.origin}), which a CORS request may not follow.`,
          'Remove the credentials from the Location.',
        )
        result.verdict = 'blocked'
        return finish(result, ctx)
      }
      // Step 11: 301/302 turn POST into GET; 303 turns everything but GET/HEAD into GET, dropping the body.
      if (
        ((status === 301 || status === 302) && state.method === 'POST') ||
        (status === 303 && state.method !== 'GET' && state.method !== 'HEAD')
      ) {
        state.method = 'GET'
        state.headers = state.headers.filter(([n]) => !REQUEST_BODY_HEADERS.includes(n.toLowerCase()))
      }
      if (state.url.origin !== next.origin) {
        // Step 13: Authorization does not cross origins.
        state.headers = state.headers.filter(([n]) => n.toLowerCase() !== 'authorization')
        // Step 14: the tainted-origin flag; the request's origin serialises as "null" from now on.
        if (state.origin !== state.url.origin) state.origin = 'null'
      }
      findings.warn(
        'redirect-followed',
        `${state.url.href} redirected (${status}) to ${next.href}; the browser follows it${state.origin === 'null' ? ' and, because it crossed origins, sends Origin: null from there on' : ''}.`,
      )
      state.url = next
      continue
    }
    if (!corsCheck(ex, state.origin, credentials, findings)) {
      result.verdict = 'blocked'
      return finish(result, ctx)
    }
    await checkOriginDependence(ctx, ex, request.secondOrigin ?? SECOND_ORIGIN)
    return finish(result, ctx)
  }
}

async function finish(result: ProbeResult, ctx: Context): Promise<ProbeResult> {
  const { state, findings } = ctx
  const first = ctx.exchanges[0]
  const page = pageAddressSpace(state.pageOrigin)
  const remote = first?.remoteAddress
  const target: AddressSpace | null = remote ? ipAddressSpace(remote) : null
  if (page && target && isLocalNetworkRequest(page, target)) {
    findings.problem(
      'local-network-access',
      `A page on a ${page} address (${state.pageOrigin}) calls a ${target} address (${remote}): Local Network Access. Chromium asks the user for permission first and blocks the request without it; no response header can grant it any more (Access-Control-Allow-Private-Network is no longer honoured).`,
      `The page must do it: be served over https (a secure context), expect the "local network access" permission prompt, pass fetch(url, { targetAddressSpace: '${target === 'loopback' ? 'loopback' : 'local'}' }) when calling plain http, and an embedding iframe needs allow="local-network-access". Or serve the API from a public address.`,
    )
    findings.warn(
      'engines-disagree',
      "Local Network Access: Chromium prompts the user and blocks without permission; Firefox and Safari do not (yet) ask, so the verdict above (the Fetch standard's) holds there.",
    )
  }
  if (state.credentials && state.pageOrigin !== 'null' && !sameSite(state.pageOrigin, state.url.origin)) {
    findings.problem(
      'third-party-cookies',
      `The request includes credentials, but ${state.url.origin} is on another site than ${state.pageOrigin}: its cookies are third-party cookies, which Safari blocks, Firefox partitions and Chromium blocks for many users. The request may pass CORS and still arrive without cookies.`,
      "Serve the API on the page's site (api.example.com for app.example.com, or under the page's own origin through a proxy), or authenticate with a token in Authorization instead of cookies.",
    )
    findings.warn(
      'engines-disagree',
      'Third-party cookies: Safari blocks them, Firefox partitions them, Chromium sends them unless the user (or incognito) blocks them; what the server receives differs, the CORS verdict does not.',
    )
  }
  // Only pay for a fingerprint when there is a fix to word.
  let crossway = looksLikeCrossway(ctx.exchanges)
  const fixes = findings.problems.some((p) => typeof p.fix !== 'string')
  if (fixes && !ctx.exchanges.some((e) => e.sent.method === 'OPTIONS') && first) {
    try {
      const ex = await send(
        preflightRequest({ ...state, origin: state.pageOrigin, url: new URL(first.sent.url) }, '', 'GET'),
        state.timeout,
      )
      crossway = looksLikeCrossway([...ctx.exchanges, ex])
    } catch {
      // The fingerprint is a nicety; the diagnosis stands without it.
    }
  }
  result.problems = findings.problems.map((p) => ({
    code: p.code,
    message: p.message,
    fix: typeof p.fix === 'string' ? p.fix : crossway ? p.fix.crossway : p.fix.generic,
  }))
  result.warnings = findings.warnings
  return result
}
