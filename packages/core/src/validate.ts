import type { CorsConfigErrorCode, CorsConfigIssue, CorsConfigWarning } from './errors'
import { CORS_OPTION_NAMES } from './options'
import { parseOrigin } from './origin'
import { findRegExpOriginProblems } from './regexp-safety'
import { isToken, isWildcardList, readListElements } from './tokens'
import { findWarnings } from './warnings'

// Names users bring from other CORS libraries, mapped to ours so the error can say exactly
// what to write.
const KNOWN_MISTAKES: Record<string, string> = {
  origins: 'origin',
  allowOrigin: 'origin',
  allowOrigins: 'origin',
  allowedOrigins: 'origin',
  allowMethods: 'methods',
  allowedMethods: 'methods',
  method: 'methods',
  allowHeaders: 'allowedHeaders',
  headers: 'allowedHeaders',
  exposeHeaders: 'exposedHeaders',
  exposedHeader: 'exposedHeaders',
  allowCredentials: 'credentials',
  maxage: 'maxAge',
  maxAgeSeconds: 'maxAge',
  optionSuccessStatus: 'optionsSuccessStatus',
  successStatus: 'optionsSuccessStatus',
  privateNetworkAccess: 'privateNetwork',
  allowPrivateNetwork: 'privateNetwork',
}

// Options of peer libraries (`@koa/cors`, `@fastify/cors`) that Crossway does not have,
// with what to do instead: a generic list of our names would not say it.
const PEER_OPTIONS: Record<string, string> = {
  keepHeadersOnError: 'Crossway always keeps CORS headers on error responses; remove it',
  secureContext:
    'Crossway sets no Cross-Origin-Opener-Policy / -Embedder-Policy headers; set them with your security-headers middleware, and remove it',
  strictPreflight: 'Crossway always refuses malformed preflights; remove it',
  hideOptionsRoute: 'Crossway adds no OPTIONS route; remove it',
  hook: 'each adapter answers at the earliest safe stage of its framework; remove it',
  delegator:
    'a policy is fixed per route: use an origin function for per-request decisions, or one policy per route; remove it',
}

const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK'])

// Fetch's forbidden request-header names: a browser script can never set them, so listing
// one in allowedHeaders is always a misunderstanding.
const FORBIDDEN_REQUEST_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
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
const FORBIDDEN_REQUEST_PREFIXES = ['proxy-', 'sec-', 'access-control-request-']

type Issues = CorsConfigIssue[]

function issue(list: Issues, code: CorsConfigErrorCode, path: string, text: string): void {
  list.push({ code, severity: 'error', path, message: `crossway: ${path}: ${text}` })
}

/** What `validateOptions` can be asked for beyond the errors. */
export interface ValidateOptionsSettings {
  /**
   * Also return the warnings (legal but surprising settings, `severity: 'warning'`), after
   * the errors. Off by default, so an empty result keeps meaning "createCors accepts it".
   * @default false
   */
  readonly warnings?: boolean
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'function') return 'a function'
  if (value instanceof RegExp) return String(value)
  if (Array.isArray(value)) return 'an array'
  if (value === null) return 'null'
  if (typeof value === 'object') return 'an object'
  return String(value)
}

/**
 * Checks a policy without building it and returns every problem found, in the order of
 * `semantics.md` §2 (unknown names first, then each option, then conflicts between options).
 * An empty array means `createCors` will accept the policy.
 *
 * @example
 * validateOptions({ allowHeaders: ['x-api-key'] })
 * // [{ code: 'unknown-option', path: 'allowHeaders', message: 'crossway: allowHeaders: … write allowedHeaders' }]
 */
export function validateOptions(options: unknown): CorsConfigIssue[]
export function validateOptions(
  options: unknown,
  settings: ValidateOptionsSettings,
): (CorsConfigIssue | CorsConfigWarning)[]
export function validateOptions(
  options: unknown,
  settings?: ValidateOptionsSettings,
): (CorsConfigIssue | CorsConfigWarning)[] {
  const errors = findErrors(options)
  if (settings?.warnings !== true || options === null || typeof options !== 'object') return errors
  return [...errors, ...findWarnings(options as Record<string, unknown>)]
}

function findErrors(options: unknown): CorsConfigIssue[] {
  const list: Issues = []
  if (options === undefined) return list
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    issue(
      list,
      'invalid-option-type',
      'options',
      `expected an object of CORS options, got ${describe(options)}`,
    )
    return list
  }
  const o = options as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if ((CORS_OPTION_NAMES as readonly string[]).includes(key)) continue
    issue(list, 'unknown-option', key, `is not a Crossway option; ${suggestName(key, o)}`)
  }
  validateOrigin(list, o.origin)
  validateList(list, 'methods', o.methods, 'invalid-method', checkMethod)
  validateList(list, 'allowedHeaders', o.allowedHeaders, 'invalid-header-name', checkAllowedHeader)
  validateList(list, 'exposedHeaders', o.exposedHeaders, 'invalid-header-name', checkExposedHeader)
  if (typeof o.credentials === 'function') {
    issue(
      list,
      'invalid-option-type',
      'credentials',
      'cannot be a function: a policy is fixed, so use two policies on two routers/routes, one with credentials: true and one without',
    )
  } else validateBoolean(list, 'credentials', o.credentials)
  validateMaxAge(list, o.maxAge)
  validateStatus(list, o.optionsSuccessStatus)
  validateBoolean(list, 'preflightContinue', o.preflightContinue)
  validateBoolean(list, 'privateNetwork', o.privateNetwork)
  validateBoolean(list, 'debug', o.debug)
  if (o.onReject !== undefined && typeof o.onReject !== 'function') {
    issue(
      list,
      'invalid-option-type',
      'onReject',
      `expected a function (rejection) => void, got ${describe(o.onReject)}`,
    )
  }
  validateCsrf(list, o.csrf)
  validateCacheControl(list, o.cacheControl)
  if (o.onWarning !== undefined && typeof o.onWarning !== 'function') {
    issue(
      list,
      'invalid-option-type',
      'onWarning',
      `expected a function (warning) => void, got ${describe(o.onWarning)}`,
    )
  }
  if (o.credentials === true) validateCredentialConflicts(list, o)
  if (o.csrf !== undefined && o.csrf !== false && (o.origin === undefined || o.origin === '*')) {
    issue(
      list,
      'csrf-with-wildcard',
      'csrf',
      o.origin === undefined && 'origin' in o
        ? "cannot be on while origin is undefined (an unset environment variable?), which means the default '*' and would trust every site; set origin to the origins whose pages may send state-changing requests"
        : "cannot be on with origin '*': every site would be trusted, so nothing would be refused; list the origins whose pages may send state-changing requests",
    )
  }
  return list
}

const CSRF_OPTION_NAMES = ['reportOnly', 'hostHeader']

function validateCsrf(list: Issues, value: unknown): void {
  if (value === undefined || typeof value === 'boolean') return
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issue(
      list,
      'invalid-option-type',
      'csrf',
      `expected true, false or { reportOnly, hostHeader }, got ${describe(value)}`,
    )
    return
  }
  const o = value as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if (!CSRF_OPTION_NAMES.includes(key))
      issue(
        list,
        'unknown-option',
        `csrf.${key}`,
        `is not a csrf option; the options are ${CSRF_OPTION_NAMES.join(', ')}`,
      )
  }
  validateBoolean(list, 'csrf.reportOnly', o.reportOnly)
  const host = o.hostHeader
  if (host === undefined) return
  if (typeof host !== 'string' || !isToken(host)) {
    issue(
      list,
      'invalid-header-name',
      'csrf.hostHeader',
      `${describe(host)} is not a header name; write e.g. 'x-forwarded-host'`,
    )
  } else if (host.toLowerCase() === 'origin' || host.toLowerCase() === 'sec-fetch-site') {
    issue(
      list,
      'invalid-header-name',
      'csrf.hostHeader',
      `${JSON.stringify(host)} would compare the request with itself; name the header your proxy puts the original Host in, e.g. 'x-forwarded-host'`,
    )
  }
}

function suggestName(key: string, options: Record<string, unknown>): string {
  const peer = PEER_OPTIONS[key]
  if (peer) return peer
  const lower = key.toLowerCase()
  const known =
    KNOWN_MISTAKES[key] ??
    (key === 'preflight' ? 'preflightContinue' : CORS_OPTION_NAMES.find((n) => n.toLowerCase() === lower))
  if (known === undefined) return `the options are ${CORS_OPTION_NAMES.join(', ')}`
  // The right name is already set (an app's own wrapper passing both through): "write
  // origin" would let the other value win and could widen the policy (semantics.md §9).
  if (known in options) return `${known} is already set; remove it`
  if (key === 'preflight') {
    return 'Crossway always answers preflights; to pass them on to your application write preflightContinue: true, otherwise remove it'
  }
  return `write ${known}`
}

function validateOrigin(list: Issues, origin: unknown): void {
  if (origin === undefined || origin === '*' || typeof origin === 'function') return
  if (typeof origin === 'string') {
    checkOriginString(list, 'origin', origin)
    return
  }
  if (origin instanceof RegExp) {
    checkOriginRegExp(list, 'origin', origin)
    return
  }
  if (Array.isArray(origin)) {
    if (origin.length === 0) {
      issue(
        list,
        'invalid-origin',
        'origin',
        "is an empty array, which would allow nothing; list at least one origin, or write '*'",
      )
      return
    }
    origin.forEach((entry: unknown, i) => {
      const path = `origin[${i}]`
      if (entry === '*') {
        issue(
          list,
          'invalid-origin',
          path,
          "'*' cannot stand inside an array; write origin: '*' on its own, or list the origins",
        )
      } else if (typeof entry === 'string') checkOriginString(list, path, entry)
      else if (entry instanceof RegExp) checkOriginRegExp(list, path, entry)
      else
        issue(
          list,
          'invalid-option-type',
          path,
          `expected an origin string or a RegExp, got ${describe(entry)}`,
        )
    })
    return
  }
  const hint =
    origin === true
      ? 'true would reflect every origin (and so would a function () => true); list the origins, use wildcard strings such as "http://localhost:*" or "https://*.example.com" for development tools, or write \'*\' (without credentials)'
      : origin === false
        ? 'to turn CORS off, do not install the middleware (adapters take `false` per route)'
        : "write '*', an origin string, a RegExp, an array of those, or a function (origin, request) => boolean"
  issue(list, 'invalid-option-type', 'origin', `${describe(origin)} is not a valid origin option; ${hint}`)
}

function checkOriginString(list: Issues, path: string, value: string): void {
  const envHint = describeEnvironmentValue(value)
  if (envHint) {
    issue(list, 'invalid-origin', path, `${JSON.stringify(value)} ${envHint}`)
    return
  }
  const parsed = parseOrigin(value)
  if (parsed.ok) return
  const fix = parsed.fix ? `; write ${parsed.fix}` : ''
  issue(list, parsed.code, path, `${JSON.stringify(value)} ${parsed.problem}${fix}`)
}

// Origins often come from an environment variable (semantics.md §9): a JSON array, a whole
// comma list or stray whitespace in one string gets the line of code that reads it right.
function describeEnvironmentValue(value: string): string | undefined {
  const trimmed = value.trim()
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    return 'is a JSON array in one string (read from an environment variable?); parse it: origin: JSON.parse(value)'
  }
  if (value.includes(',')) {
    return "is a comma-separated list in one string (read from an environment variable?); split it: origin: value.split(',').map((s) => s.trim())"
  }
  if (trimmed !== value) {
    return `has whitespace around it (read from an environment variable?); origins are not trimmed, so trim it: write ${JSON.stringify(trimmed)}`
  }
  return undefined
}

function checkOriginRegExp(list: Issues, path: string, re: RegExp): void {
  for (const problem of findRegExpOriginProblems(re)) issue(list, 'unsafe-origin', path, `${re} ${problem}`)
}

type EntryCheck = (name: string) => string | undefined

function validateList(
  list: Issues,
  path: string,
  value: unknown,
  code: CorsConfigErrorCode,
  check: EntryCheck,
): void {
  if (value === undefined) return
  if (typeof value !== 'string' && !Array.isArray(value)) {
    issue(
      list,
      'invalid-option-type',
      path,
      `expected an array of names, a comma-separated string or '*', got ${describe(value)}`,
    )
    return
  }
  const elements = readListElements(value)
  if (isWildcardList(elements)) return
  for (const { value: entry, index } of elements) {
    const at = index === undefined ? path : `${path}[${index}]`
    if (typeof entry !== 'string') {
      issue(list, 'invalid-option-type', at, `expected a string, got ${describe(entry)}`)
      continue
    }
    if (entry === '*') {
      issue(list, code, at, "'*' cannot be mixed with names; write '*' on its own, or list the names")
      continue
    }
    const problem = isToken(entry)
      ? check(entry)
      : "is not a valid HTTP token (letters, digits and !#$%&'*+-.^_`|~ only)"
    if (problem) issue(list, code, at, `${JSON.stringify(entry)} ${problem}`)
  }
}

function checkMethod(name: string): string | undefined {
  if (FORBIDDEN_METHODS.has(name.toUpperCase())) return 'is a method browsers refuse to send; remove it'
  return undefined
}

function checkAllowedHeader(name: string): string | undefined {
  const lower = name.toLowerCase()
  if (FORBIDDEN_REQUEST_HEADERS.has(lower) || FORBIDDEN_REQUEST_PREFIXES.some((p) => lower.startsWith(p))) {
    return 'is a forbidden request header that browser scripts can never send; remove it'
  }
  return undefined
}

function checkExposedHeader(name: string): string | undefined {
  const lower = name.toLowerCase()
  if (lower === 'set-cookie' || lower === 'set-cookie2')
    return 'is never readable by browser scripts; remove it'
  return undefined
}

function validateBoolean(list: Issues, path: string, value: unknown): void {
  if (value === undefined || typeof value === 'boolean') return
  issue(list, 'invalid-option-type', path, `expected true or false, got ${describe(value)}`)
}

function validateMaxAge(list: Issues, value: unknown): void {
  if (value === undefined) return
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 86400) return
  issue(
    list,
    'invalid-max-age',
    'maxAge',
    `${describe(value)} is not a whole number of seconds from 0 to 86400; write e.g. maxAge: 600`,
  )
}

/** A year: what RFC 9111 §5.2.2.1 tells caches to treat as "never expires" anyway. */
const MAX_CACHE_SECONDS = 31_536_000

function validateCacheControl(list: Issues, value: unknown): void {
  if (value === undefined) return
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= MAX_CACHE_SECONDS) return
    issue(
      list,
      'invalid-cache-control',
      'cacheControl',
      `${describe(value)} is not a whole number of seconds from 0 to ${MAX_CACHE_SECONDS}; write e.g. cacheControl: 600`,
    )
    return
  }
  if (typeof value !== 'string') {
    issue(
      list,
      'invalid-option-type',
      'cacheControl',
      `expected a number of seconds or a Cache-Control value, got ${describe(value)}`,
    )
    return
  }
  // Written as is on the wire: a field value (RFC 9110 §5.5) without control characters,
  // so a config string can never split or smuggle a header.
  if (value.trim() === '' || value.trim() !== value || !/^[\x20-\x7e]+$/.test(value)) {
    issue(
      list,
      'invalid-cache-control',
      'cacheControl',
      `${describe(value)} is not a Cache-Control value (visible ASCII, no surrounding spaces); write e.g. 'public, max-age=600'`,
    )
  }
}

function validateStatus(list: Issues, value: unknown): void {
  if (value === undefined) return
  if (typeof value !== 'number') {
    issue(
      list,
      'invalid-option-type',
      'optionsSuccessStatus',
      `expected a number from 200 to 299, got ${describe(value)}`,
    )
  } else if (!Number.isInteger(value) || value < 200 || value > 299) {
    issue(
      list,
      'invalid-status',
      'optionsSuccessStatus',
      `${value} is not a success status; write a number from 200 to 299 (204 by default, 200 for very old browsers)`,
    )
  }
}

function validateCredentialConflicts(list: Issues, o: Record<string, unknown>): void {
  if ('origin' in o && o.origin === undefined) {
    issue(
      list,
      'credentials-with-wildcard',
      'credentials',
      "cannot be true while origin is undefined (an unset environment variable?), which means the default '*' (browsers refuse * with credentials); set origin to the allowed origins",
    )
  } else if (o.origin === undefined || o.origin === '*') {
    issue(
      list,
      'credentials-with-wildcard',
      'credentials',
      "cannot be true with origin '*' (browsers refuse * with credentials, and reflecting every origin would hand any site your users' sessions); list the allowed origins",
    )
  }
  const exposed = o.exposedHeaders
  if ((typeof exposed === 'string' || Array.isArray(exposed)) && isWildcardList(readListElements(exposed))) {
    issue(
      list,
      'credentials-with-wildcard',
      'credentials',
      `cannot be true with exposedHeaders ${JSON.stringify(exposed)}, which is '*' (with credentials browsers read * as a header literally named *); list the exposed headers`,
    )
  }
  const origins = Array.isArray(o.origin) ? o.origin : [o.origin]
  if (origins.includes('null')) {
    issue(
      list,
      'credentials-with-null-origin',
      'credentials',
      "cannot be true with the origin 'null' (any sandboxed iframe or local file sends Origin: null, so an attacker could read credentialed responses); remove 'null'",
    )
  }
}
