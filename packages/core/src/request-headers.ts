import { isTokenChar } from './tokens'

/** More names than this in `Access-Control-Request-Headers` make a preflight malformed (semantics.md §5). */
export const MAX_REQUEST_HEADER_NAMES = 64
/** More bytes than this in `Access-Control-Request-Headers` make a preflight malformed (semantics.md §5). */
export const MAX_REQUEST_HEADERS_LENGTH = 1024

export const MALFORMED = -1

/**
 * Parses `Access-Control-Request-Headers` into `out` (lower-cased names, in order) and
 * returns how many there are (0: absent or only empty elements), or `MALFORMED`.
 *
 * One pass, bounded by the length cap before any work, so a hostile 100 KB value costs a
 * length check. `out` is a scratch array the caller reuses: nothing is allocated for a
 * list of already lower-case names beyond the name strings themselves.
 */
export function parseRequestHeaders(value: string | undefined, out: string[]): number {
  out.length = 0
  if (value === undefined || value.length === 0) return 0
  if (value.length > MAX_REQUEST_HEADERS_LENGTH) return MALFORMED
  let start = 0
  const length = value.length
  for (let i = 0; i <= length; i++) {
    const c = i === length ? 0x2c : value.charCodeAt(i)
    if (c !== 0x2c) continue
    let s = start
    let e = i
    while (s < e && isOws(value.charCodeAt(s))) s++
    while (e > s && isOws(value.charCodeAt(e - 1))) e--
    start = i + 1
    if (s === e) continue
    let lower = true
    for (let j = s; j < e; j++) {
      const ch = value.charCodeAt(j)
      if (!isTokenChar(ch)) return MALFORMED
      if (ch >= 0x41 && ch <= 0x5a) lower = false
    }
    if (out.length === MAX_REQUEST_HEADER_NAMES) return MALFORMED
    const name = value.slice(s, e)
    out.push(lower ? name : name.toLowerCase())
  }
  return out.length
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09
}
