import type { CorsOptions } from '@crossway/core'

/**
 * The policy every fuzzed server runs. `foo.com` and `bar.com` side by side reproduce the
 * advisory where a "smart" matcher let `https://barfoo.com` through; the subdomain wildcard
 * is the other matcher a look-alike can attack; credentials make any wrong grant
 * exploitable, and with `allowedHeaders` left at `'*'` the requested names are reflected
 * into `Access-Control-Allow-Headers` — the path where request bytes reach the response.
 * The RegExp also matches `null`, which credentials forbid whatever matches it (§2): the
 * sandboxed-iframe origin must never be granted.
 */
export const fuzzPolicy = {
  origin: [
    'https://foo.com',
    'https://bar.com',
    'http://localhost:3000',
    'https://*.example.com',
    /^(?:null|https:\/\/rx\.example\.org)$/,
  ],
  credentials: true,
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  exposedHeaders: ['x-request-id'],
  maxAge: 600,
  privateNetwork: true,
} as const satisfies CorsOptions

export const EXACT_ORIGINS: readonly string[] = [
  'https://foo.com',
  'https://bar.com',
  'http://localhost:3000',
]

/** What the RegExp entry grants: its matches, less `null`, which §2 refuses with credentials. */
export const REGEXP_ORIGINS: readonly string[] = ['https://rx.example.org']

/** semantics.md §1: longer Origins are never allowed. */
const MAX_ORIGIN_LENGTH = 1024
/** semantics.md §5: ACRH limits. */
const MAX_ACRH_LENGTH = 1024
const MAX_ACRH_NAMES = 64
// GET, HEAD and POST are safelisted; the rest is `fuzzPolicy.methods`, compared byte for byte.
const ALLOWED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE'])
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// Written from semantics.md §2, not from the core: one or more non-empty labels of
// lower-case letters, digits, `-` and `_`, then `.example.com`, https, default port.
const SUBDOMAIN = /^https:\/\/(?:[a-z0-9_-]+\.)+example\.com$/

/**
 * Whether the policy allows this `Origin` value (as the middleware reads it: one line,
 * trimmed). An independent oracle: a grant it does not predict is a security bug.
 */
export function isOriginInPolicy(origin: string): boolean {
  if (origin.length > MAX_ORIGIN_LENGTH) return false
  return EXACT_ORIGINS.includes(origin) || REGEXP_ORIGINS.includes(origin) || SUBDOMAIN.test(origin)
}

/** What a framework hands the middleware for a header: Node trims SP/HTAB around each line and joins repeated lines with `, `. */
export function nodeHeaderValue(request: { headers: readonly (readonly [string, string])[] }, name: string) {
  const lines = request.headers
    .filter(([n]) => n.toLowerCase() === name)
    .map(([, v]) => v.replace(/^[ \t]+|[ \t]+$/g, ''))
  return { lines, joined: lines.length === 0 ? undefined : lines.join(', ') }
}

export type Expected =
  | { readonly kind: 'not-cors' | 'actual'; readonly allowed: boolean }
  | {
      readonly kind: 'preflight'
      readonly allowed: boolean
      /** Lower-cased requested header names when the preflight is allowed and asked for some. */
      readonly headers: readonly string[]
      readonly privateNetwork: boolean
    }

/** The decision semantics.md §1 and §5 prescribe for this request under `fuzzPolicy`. */
export function expectedDecision(request: {
  method: string
  headers: readonly (readonly [string, string])[]
}): Expected {
  const origin = nodeHeaderValue(request, 'origin')
  if (origin.joined === undefined || origin.joined === '') return { kind: 'not-cors', allowed: false }
  const originAllowed = origin.lines.length === 1 && isOriginInPolicy(origin.joined)
  const acrm = nodeHeaderValue(request, 'access-control-request-method')
  if (request.method !== 'OPTIONS' || acrm.joined === undefined || acrm.joined === '')
    return { kind: 'actual', allowed: originAllowed }

  const methodAllowed = acrm.lines.length === 1 && ALLOWED_METHODS.has(acrm.joined)
  const names = parseAcrh(nodeHeaderValue(request, 'access-control-request-headers').joined)
  const acrpn = nodeHeaderValue(request, 'access-control-request-private-network')
  const privateNetwork = acrpn.lines.length === 1 && acrpn.joined === 'true'
  const allowed = originAllowed && methodAllowed && names !== undefined
  return {
    kind: 'preflight',
    allowed,
    headers: allowed ? names : [],
    privateNetwork: allowed && privateNetwork,
  }
}

/** semantics.md §5: the names of an ACRH value, or `undefined` when it makes the preflight malformed. */
function parseAcrh(value: string | undefined): string[] | undefined {
  if (value === undefined) return []
  if (value.length > MAX_ACRH_LENGTH) return undefined
  const names = value
    .split(',')
    .map((name) => name.replace(/^[ \t]+|[ \t]+$/g, ''))
    .filter((name) => name !== '')
  if (names.length > MAX_ACRH_NAMES || !names.every((name) => TOKEN.test(name))) return undefined
  return names.map((name) => name.toLowerCase())
}
