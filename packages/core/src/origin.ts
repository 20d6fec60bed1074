// Start-up parsing of the origin strings a policy lists: normalised once, with a message for
// every mistake. Matching them against a request's `Origin` is origin-match.ts's job.

import type { CorsConfigErrorCode } from './errors'
import { isPublicSuffix } from './public-suffix'

/** An origin string from the policy, normalised once at start-up. */
export type OriginPattern =
  | { readonly type: 'exact'; readonly value: string }
  | {
      readonly type: 'wildcard'
      /** `https://` — the scheme with its separator. */
      readonly prefix: string
      /** The whole host for a port wildcard, or `.example.com` for a subdomain wildcard. */
      readonly host: string
      readonly anySubdomain: boolean
      /** `*` for any port (or none), `''` for the default port, or the port digits. */
      readonly port: string
    }

export type OriginParseResult =
  | { readonly ok: true; readonly pattern: OriginPattern }
  | {
      readonly ok: false
      readonly code: CorsConfigErrorCode
      readonly problem: string
      readonly fix?: string
    }

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' }

// Hosts are checked character by character before `URL` sees them: `URL` would quietly
// drop tabs and newlines, read `\` as `/`, and decode `%` escapes, turning a typo into a
// different origin than the one written.
function isHostChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2e || // .
    c === 0x2d || // -
    c === 0x5f || // _
    c === 0x3a || // : (IPv6)
    c === 0x5b || // [
    c === 0x5d || // ]
    c > 0x7f // internationalised names, turned into punycode below
  )
}

/**
 * Parses one origin string of the policy: `https://a.com`, `http://[::1]:8080`, `null`,
 * `https://*.example.com`, `http://localhost:*`. Scheme and host are lower-cased (and
 * internationalised hosts turned into punycode, as browsers send them); default ports dropped.
 */
export function parseOrigin(input: string): OriginParseResult {
  if (input === '') return fail('invalid-origin', 'is empty', undefined)
  if (input === 'null') return { ok: true, pattern: { type: 'exact', value: 'null' } }
  const sep = input.indexOf('://')
  if (sep <= 0) {
    const bare = input.replace(/^\/+/, '')
    return fail('invalid-origin', 'has no scheme', `"https://${bare}"`)
  }
  const scheme = input.slice(0, sep).toLowerCase()
  if (scheme !== 'http' && scheme !== 'https') {
    return fail(
      'invalid-origin',
      `has the scheme "${scheme}:"; only http and https origins exist (and the literal null)`,
    )
  }
  const rest = input.slice(sep + 3)
  const cut = firstIndexOfAny(rest, '/?#')
  if (cut !== -1) {
    const what =
      rest[cut] === '/'
        ? cut === rest.length - 1
          ? 'a trailing slash'
          : 'a path'
        : rest[cut] === '?'
          ? 'a query'
          : 'a fragment'
    return fail(
      'invalid-origin',
      `has ${what}; an origin is scheme, host and port only`,
      `"${scheme}://${rest.slice(0, cut)}"`,
    )
  }
  if (rest.includes('@')) {
    return fail(
      'invalid-origin',
      'has userinfo (user@); browsers never send it in Origin',
      `"${scheme}://${rest.slice(rest.lastIndexOf('@') + 1)}"`,
    )
  }

  let hostPart: string
  let portPart: string | undefined
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']')
    if (close === -1) return fail('invalid-origin', 'has an unclosed IPv6 address')
    hostPart = rest.slice(0, close + 1)
    const after = rest.slice(close + 1)
    if (after !== '' && !after.startsWith(':'))
      return fail('invalid-origin', 'has characters after the IPv6 address')
    portPart = after === '' ? undefined : after.slice(1)
  } else {
    const colon = rest.lastIndexOf(':')
    hostPart = colon === -1 ? rest : rest.slice(0, colon)
    portPart = colon === -1 ? undefined : rest.slice(colon + 1)
  }

  let port = ''
  if (portPart !== undefined) {
    if (portPart === '*') port = '*'
    else if (!/^[0-9]{1,5}$/.test(portPart) || Number(portPart) > 65535) {
      return fail(
        'invalid-origin',
        `has an invalid port "${portPart}"; write a number from 0 to 65535, or * for any port`,
      )
    } else {
      const n = String(Number(portPart))
      port = n === DEFAULT_PORTS[scheme] ? '' : n
    }
  }

  const anySubdomain = hostPart.startsWith('*.')
  const hostToCheck = anySubdomain ? hostPart.slice(2) : hostPart
  for (let i = 0; i < hostToCheck.length; i++) {
    const c = hostToCheck.charCodeAt(i)
    if (c === 0x2a) {
      return fail(
        'invalid-origin',
        '"*" may only stand for a whole leading label ("https://*.example.com") or the whole port ("http://localhost:*")',
      )
    }
    if (!isHostChar(c)) {
      return fail('invalid-origin', `has the character ${JSON.stringify(hostToCheck[i])} in its host`)
    }
  }
  if (hostToCheck === '') return fail('invalid-origin', 'has no host')

  let host: string
  try {
    host = new URL(`${scheme}://${hostToCheck}`).hostname
  } catch {
    return fail('invalid-origin', `has an invalid host "${hostToCheck}"`)
  }
  if (host === '') return fail('invalid-origin', `has an invalid host "${hostToCheck}"`)

  if (anySubdomain) {
    const wildcardProblem = checkWildcardHost(scheme, host, port)
    if (wildcardProblem) return wildcardProblem
    return {
      ok: true,
      pattern: { type: 'wildcard', prefix: `${scheme}://`, host: `.${host}`, anySubdomain: true, port },
    }
  }
  if (port === '*') {
    return {
      ok: true,
      pattern: { type: 'wildcard', prefix: `${scheme}://`, host, anySubdomain: false, port },
    }
  }
  return {
    ok: true,
    pattern: { type: 'exact', value: `${scheme}://${host}${port === '' ? '' : `:${port}`}` },
  }
}

// semantics.md §3: a wildcard must stand over a registrable domain. Over a public suffix
// (`com`, `co.uk`, `github.io`) it would grant every site anyone can register there.
function checkWildcardHost(scheme: string, host: string, port: string): OriginParseResult | undefined {
  const portText = port === '' ? '' : `:${port}`
  const lastLabel = host.slice(host.lastIndexOf('.', host.length - 2) + 1).replace(/\.$/, '')
  if (host.startsWith('[') || /^[0-9]+$/.test(lastLabel)) {
    return fail('invalid-origin', `puts a wildcard over the IP address "${host}", which has no subdomains`)
  }
  const bare = host.endsWith('.') ? host.slice(0, -1) : host
  if (bare === '' || bare.startsWith('.') || bare.includes('..')) {
    return fail('invalid-origin', `has an empty label in its host "${host}"`)
  }
  if (isPublicSuffix(bare)) {
    return {
      ok: false,
      code: 'unsafe-origin',
      problem: `puts a wildcard directly over "${bare}", a public suffix (Public Suffix List) under which anyone can register a site`,
      fix: `a wildcard over your own registrable domain, e.g. "${scheme}://*.example.${bare}${portText}"`,
    }
  }
  // A browser on https://a.example.com. sends that trailing dot in Origin, and one on
  // https://a.example.com does not: the pattern would match only the rare first form.
  if (bare !== host) {
    return fail(
      'invalid-origin',
      'has a trailing dot in its host, so it would match only hosts typed with one',
      `"${scheme}://*.${bare}${portText}"`,
    )
  }
  return undefined
}

function fail(code: CorsConfigErrorCode, problem: string, fix?: string): OriginParseResult {
  return fix === undefined ? { ok: false, code, problem } : { ok: false, code, problem, fix }
}

function firstIndexOfAny(s: string, chars: string): number {
  for (let i = 0; i < s.length; i++) if (chars.includes(s[i]!)) return i
  return -1
}
