// Request-time matching of an `Origin` value against the wildcard patterns that
// origin.ts parsed at start-up: index arithmetic and character scans, no regex and no
// allocation, so a refused look-alike costs nothing but the scan.
import type { OriginPattern } from './origin'

/**
 * Request-time test of an `Origin` value (already known to be at most 1024 bytes and on
 * one line) against a wildcard pattern: a prefix test, a suffix test and a scan of the
 * leftover characters — linear, no regex built from user strings.
 */
export function matchesWildcard(origin: string, p: Extract<OriginPattern, { type: 'wildcard' }>): boolean {
  if (!origin.startsWith(p.prefix)) return false
  // Index arithmetic instead of slicing: a refused look-alike costs no allocation.
  const hostStart = p.prefix.length
  let hostEnd = origin.length
  const colon = origin.lastIndexOf(':')
  if (colon >= hostStart && colon > origin.lastIndexOf(']')) {
    if (!isSerialisedPort(origin, colon + 1)) return false
    // A browser never writes the scheme's default port, so `https://a.com:443` is not an
    // origin it could send.
    if (origin.endsWith(p.prefix === 'https://' ? ':443' : ':80')) return false
    hostEnd = colon
  }
  if (p.port !== '*') {
    const portLength = hostEnd === origin.length ? 0 : origin.length - hostEnd - 1
    if (portLength !== p.port.length || (portLength > 0 && !origin.startsWith(p.port, hostEnd + 1)))
      return false
  }
  if (!p.anySubdomain) return hostEnd - hostStart === p.host.length && origin.startsWith(p.host, hostStart)
  const labelsEnd = hostEnd - p.host.length
  if (labelsEnd <= hostStart || !origin.endsWith(p.host, hostEnd)) return false
  return isLabelSequence(origin, hostStart, labelsEnd)
}

// Browsers serialise ports without leading zeros and omit the default one; anything else
// in an Origin did not come from a browser and is refused rather than interpreted.
function isSerialisedPort(s: string, start: number): boolean {
  const length = s.length - start
  if (length === 0 || length > 5 || (length > 1 && s.charCodeAt(start) === 0x30)) return false
  let n = 0
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
    n = n * 10 + (c - 0x30)
  }
  return n <= 65535
}

// The part a subdomain wildcard stands for: one or more non-empty labels of lower-case
// letters, digits, `-` and `_`, separated by single dots.
function isLabelSequence(s: string, start: number, end: number): boolean {
  let labelLength = 0
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i)
    if (c === 0x2e) {
      if (labelLength === 0) return false
      labelLength = 0
    } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f) {
      labelLength++
    } else return false
  }
  return labelLength > 0
}
