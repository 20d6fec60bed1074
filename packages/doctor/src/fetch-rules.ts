// The request-side rules of the Fetch standard that decide whether a cross-origin request
// needs a preflight and what the preflight announces. Written from the standard
// (https://fetch.spec.whatwg.org/), not from @crossway/core: the doctor must be able to
// disagree with the server it examines.

/** https://fetch.spec.whatwg.org/#cors-safelisted-method */
export function isSafelistedMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'POST'
}

const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'])

/**
 * https://fetch.spec.whatwg.org/#concept-method-normalize: only these six names are
 * upper-cased; `patch` stays `patch` (and is then a different method from `PATCH`).
 */
export function normaliseMethod(method: string): string {
  const upper = method.toUpperCase()
  return NORMALISED_METHODS.has(upper) ? upper : method
}

/** https://fetch.spec.whatwg.org/#forbidden-method */
export function isForbiddenMethod(method: string): boolean {
  const upper = method.toUpperCase()
  return upper === 'CONNECT' || upper === 'TRACE' || upper === 'TRACK'
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** RFC 9110 `token`: what a method and a header name must be. */
export function isToken(value: string): boolean {
  return TOKEN.test(value)
}

const FORBIDDEN_NAMES = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
])

const METHOD_OVERRIDE_NAMES = new Set(['x-http-method', 'x-http-method-override', 'x-method-override'])

/**
 * https://fetch.spec.whatwg.org/#forbidden-request-header: a script's `Headers` silently
 * drops these, so the browser never sends them (and never announces them in a preflight).
 */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase()
  if (FORBIDDEN_NAMES.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-')) return true
  // Step 2 of the definition: a method override naming a forbidden method.
  if (METHOD_OVERRIDE_NAMES.has(lower)) {
    return value.split(',').some((part) => isForbiddenMethod(part.trim()))
  }
  return false
}

/** https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte */
function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true
    if ('"():<>?@[\\]{}'.includes(value[i] as string)) return true
  }
  return false
}

const LANGUAGE_VALUE = /^[0-9A-Za-z *,\-.;=]*$/
const SAFELISTED_CONTENT_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
])
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g

/**
 * The essence (`type/subtype`, lower-cased) of a MIME type, or null when it does not parse
 * (https://mimesniff.spec.whatwg.org/#parse-a-mime-type, steps 1–9: parameters do not
 * change the essence, so they are not parsed further).
 */
export function mimeEssence(value: string): string | null {
  const input = value.replace(HTTP_WHITESPACE, '')
  const slash = input.indexOf('/')
  if (slash <= 0) return null
  const type = input.slice(0, slash)
  const rest = input.slice(slash + 1)
  const semicolon = rest.indexOf(';')
  const subtype = (semicolon === -1 ? rest : rest.slice(0, semicolon)).replace(/[\t\n\r ]+$/, '')
  if (!isToken(type) || subtype === '' || !isToken(subtype)) return null
  return `${type}/${subtype}`.toLowerCase()
}

/** https://fetch.spec.whatwg.org/#simple-range-header-value, with `allowWhitespace` false. */
function isSimpleRange(value: string): boolean {
  const match = /^bytes=(\d*)-(\d*)$/.exec(value)
  if (!match) return false
  const [, start = '', end = ''] = match
  if (start === '' && end === '') return false
  return start === '' || end === '' || Number(start) <= Number(end)
}

/** Byte length as the browser counts it (header values are byte sequences; UTF-8 here). */
export function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8')
}

/** https://fetch.spec.whatwg.org/#cors-safelisted-request-header */
export function isSafelistedRequestHeader(name: string, value: string): boolean {
  // Step 1: any value longer than 128 bytes makes even a safelisted name unsafe.
  if (byteLength(value) > 128) return false
  switch (name.toLowerCase()) {
    case 'accept':
      return !hasUnsafeByte(value)
    case 'accept-language':
    case 'content-language':
      return LANGUAGE_VALUE.test(value)
    case 'content-type': {
      if (hasUnsafeByte(value)) return false
      const essence = mimeEssence(value)
      return essence !== null && SAFELISTED_CONTENT_TYPES.has(essence)
    }
    case 'range':
      return isSimpleRange(value)
    default:
      return false
  }
}

/** Why a header makes a preflight necessary, for the report. */
export type UnsafeHeaderReason = 'name' | 'value' | 'long-value' | 'total-size'

/**
 * https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names: the names a preflight must
 * announce, lower-cased, unique and sorted (the "sorted-lowercase set"), each with why.
 */
export function unsafeRequestHeaderNames(
  headers: readonly (readonly [string, string])[],
): { name: string; reason: UnsafeHeaderReason }[] {
  const unsafe = new Map<string, UnsafeHeaderReason>()
  const potentiallyUnsafe: string[] = []
  let safelistValueSize = 0
  for (const [name, value] of headers) {
    const lower = name.toLowerCase()
    if (isSafelistedRequestHeader(name, value)) {
      potentiallyUnsafe.push(lower)
      safelistValueSize += byteLength(value)
      continue
    }
    const safeName = ['accept', 'accept-language', 'content-language', 'content-type', 'range'].includes(
      lower,
    )
    if (!unsafe.has(lower)) {
      unsafe.set(lower, !safeName ? 'name' : byteLength(value) > 128 ? 'long-value' : 'value')
    }
  }
  // Step 3: more than 1024 bytes of safelisted values in all makes every one of them unsafe.
  if (safelistValueSize > 1024) {
    for (const name of potentiallyUnsafe) if (!unsafe.has(name)) unsafe.set(name, 'total-size')
  }
  return [...unsafe.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, reason]) => ({ name, reason }))
}

/**
 * https://fetch.spec.whatwg.org/#concept-header-extract-mime-type is not needed; this is
 * "extract header list values" for a `#token` list header (ACAM, ACAH): the values of every
 * line, split on commas, trimmed of spaces and tabs. `null` when absent, `'failure'` when an
 * element is not a token. Empty elements are skipped (RFC 9110 §5.6.1.2: recipients accept them).
 */
export function extractTokenList(lines: readonly string[]): string[] | null | 'failure' {
  if (lines.length === 0) return null
  const out: string[] = []
  for (const part of lines.join(',').split(',')) {
    const item = part.replace(/^[\t ]+|[\t ]+$/g, '')
    if (item === '') continue
    if (!isToken(item)) return 'failure'
    out.push(item)
  }
  return out
}

/**
 * `Access-Control-Max-Age` as "extract header list values" reads a single-value header:
 * delta-seconds, one line; `null` when absent, `'failure'` otherwise (then the default of 5 s).
 */
export function extractMaxAge(lines: readonly string[]): number | null | 'failure' {
  if (lines.length === 0) return null
  const value = lines.join(', ')
  if (!/^\d+$/.test(value)) return 'failure'
  return Number(value)
}

/** The CORS-preflight cache's default when `Access-Control-Max-Age` is absent (Fetch, CORS-preflight fetch step 7.7). */
export const DEFAULT_MAX_AGE = 5

/** Each engine's ceiling on `Access-Control-Max-Age`, in seconds (values above are lowered silently). */
export const MAX_AGE_CAPS = { chromium: 7200, firefox: 86400, webkit: 600 } as const
