import type { CorsConfigWarning, CorsConfigWarningCode } from './errors'
import { isWildcardList, readListElements } from './tokens'

/**
 * How long engines keep a preflight at most, whatever `Access-Control-Max-Age` says: WebKit's
 * `CrossOriginPreflightResultCache` clamps to 600 s, Chromium's `PreflightResult` to 7200 s;
 * Firefox honours up to 86400 s.
 */
export const PREFLIGHT_CACHE_CAPS = Object.freeze({ webkit: 600, chromium: 7200, firefox: 86400 })

// The methods Node's HTTP parser (llhttp) accepts, exactly as written: it matches them
// case-sensitively and answers anything else with a 400 before Express, Koa, Fastify or Nest
// see the request. (`QUERY` is there from llhttp 9.2, which Node 20.19+ ships.) CONNECT and
// TRACE are left out: validation already refuses them. Fetch sends every method but the six
// it normalises byte for byte, so `fetch(url, { method: 'patch' })` reaches Node as `patch`.
const NODE_PARSER_METHODS = new Set([
  'ACL',
  'BIND',
  'CHECKOUT',
  'COPY',
  'DELETE',
  'GET',
  'HEAD',
  'LINK',
  'LOCK',
  'M-SEARCH',
  'MERGE',
  'MKACTIVITY',
  'MKCALENDAR',
  'MKCOL',
  'MOVE',
  'NOTIFY',
  'OPTIONS',
  'PATCH',
  'POST',
  'PROPFIND',
  'PROPPATCH',
  'PURGE',
  'PUT',
  'QUERY',
  'REBIND',
  'REPORT',
  'SEARCH',
  'SOURCE',
  'SUBSCRIBE',
  'UNBIND',
  'UNLINK',
  'UNLOCK',
  'UNSUBSCRIBE',
])

// Fetch upper-cases these in `fetch()` (and so does the compiled policy), so their case in a
// config never reaches the wire.
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'])

// Fetch's CORS-safelisted response-header names: always readable by scripts.
const SAFELISTED_RESPONSE_HEADERS = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
])

function warn(list: CorsConfigWarning[], code: CorsConfigWarningCode, path: string, text: string): void {
  list.push({ code, severity: 'warning', path, message: `crossway: ${path}: ${text}` })
}

/**
 * Legal but surprising settings in options that already passed validation's type checks
 * (values of the wrong type are errors and are skipped here). Pure: returns, never throws.
 */
export function findWarnings(o: Record<string, unknown>): CorsConfigWarning[] {
  const list: CorsConfigWarning[] = []
  const maxAge = o.maxAge
  if (typeof maxAge === 'number' && Number.isInteger(maxAge) && maxAge > PREFLIGHT_CACHE_CAPS.webkit) {
    const capped =
      maxAge > PREFLIGHT_CACHE_CAPS.chromium
        ? `Chromium caps it at ${PREFLIGHT_CACHE_CAPS.chromium} s and WebKit (Safari) at ${PREFLIGHT_CACHE_CAPS.webkit} s`
        : `WebKit (Safari) caps it at ${PREFLIGHT_CACHE_CAPS.webkit} s`
    warn(
      list,
      'max-age-capped',
      'maxAge',
      `${maxAge} is more than browsers keep a preflight: ${capped}, so they ask again sooner; write maxAge: ${Math.min(maxAge, PREFLIGHT_CACHE_CAPS.chromium)} to say what Chromium does, or keep it for Firefox`,
    )
  }
  if (typeof o.methods === 'string' || Array.isArray(o.methods)) {
    const elements = readListElements(o.methods as string | readonly string[])
    if (!isWildcardList(elements)) {
      for (const { value, index } of elements) {
        if (typeof value !== 'string') continue
        const method = NORMALISED_METHODS.has(value.toUpperCase()) ? value.toUpperCase() : value
        if (
          NODE_PARSER_METHODS.has(method) ||
          method.toUpperCase() === 'CONNECT' ||
          method.toUpperCase() === 'TRACE'
        )
          continue
        const path = index === undefined ? 'methods' : `methods[${index}]`
        const hint = NODE_PARSER_METHODS.has(method.toUpperCase())
          ? `browsers send it as written (only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased), and Node answers "${method}" with 400; write ${JSON.stringify(method.toUpperCase())} and call fetch with that`
          : 'Node answers a method it does not know with 400 before any router runs (fine on a Web runtime, never reached on Express, Koa, Fastify or Nest)'
        warn(list, 'unroutable-method', path, `${JSON.stringify(value)}: ${hint}`)
      }
    }
  }
  if (o.cacheControl !== undefined && o.preflightContinue === true) {
    warn(
      list,
      'cache-control-ignored',
      'cacheControl',
      'has no effect with preflightContinue: true, because your application answers the preflights; set Cache-Control there, or remove one of the two',
    )
  }
  if (typeof o.exposedHeaders === 'string' || Array.isArray(o.exposedHeaders)) {
    for (const { value, index } of readListElements(o.exposedHeaders as string | readonly string[])) {
      if (typeof value !== 'string' || !SAFELISTED_RESPONSE_HEADERS.has(value.toLowerCase())) continue
      warn(
        list,
        'safelisted-exposed-header',
        index === undefined ? 'exposedHeaders' : `exposedHeaders[${index}]`,
        `${JSON.stringify(value)} is always readable by browser scripts (a CORS-safelisted response header); listing it changes nothing, so check the list names the headers you meant`,
      )
    }
  }
  return list
}
