// RFC 9110 `token` characters, as a lookup table: a plain loop over it is linear in the
// input and cannot backtrack, unlike a regex over hostile header values.
const TCHAR = new Uint8Array(128)
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TCHAR[c.charCodeAt(0)] = 1
}

/** Whether `s` is a non-empty HTTP token (a valid method or header name). */
export function isToken(s: string): boolean {
  if (s.length === 0) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 128 || TCHAR[c] === 0) return false
  }
  return true
}

/** Whether the character code is an HTTP token character. */
export function isTokenChar(c: number): boolean {
  return c < 128 && TCHAR[c] === 1
}

/**
 * Splits a comma-separated list, trims spaces and tabs, drops empty elements. Used at
 * start-up only (the request-time ACRH parser is bounded and lives in request-headers.ts).
 */
export function splitList(value: string): string[] {
  const out: string[] = []
  for (const part of value.split(',')) {
    const trimmed = trimSpaces(part)
    if (trimmed !== '') out.push(trimmed)
  }
  return out
}

/** One element of a list option: trimmed when a string; `index` is its array position. */
export interface ListElement {
  readonly value: unknown
  /** The position in the array as written; `undefined` for the parts of a comma string. */
  readonly index: number | undefined
}

/**
 * Reads a list option (`methods`, `allowedHeaders`, `exposedHeaders`): array entries and
 * the parts of a comma string, trimmed of spaces and tabs, empty ones dropped. Validation
 * and compilation both read lists through this one function, so `' * '`, `'*,'` and
 * `[' *']` are the wildcard to both (semantics.md §9).
 */
export function readListElements(value: string | readonly unknown[]): ListElement[] {
  if (typeof value === 'string') return splitList(value).map((part) => ({ value: part, index: undefined }))
  const out: ListElement[] = []
  value.forEach((entry, index) => {
    if (typeof entry !== 'string') out.push({ value: entry, index })
    else {
      const trimmed = trimSpaces(entry)
      if (trimmed !== '') out.push({ value: trimmed, index })
    }
  })
  return out
}

/** Whether a list read by `readListElements` is the wildcard: `'*'` alone. */
export function isWildcardList(elements: readonly ListElement[]): boolean {
  return elements.length === 1 && elements[0]!.value === '*'
}

/** Trims spaces and tabs (HTTP's optional whitespace) from both ends, without a regex. */
export function trimSpaces(s: string): string {
  let start = 0
  let end = s.length
  while (start < end && isSpace(s.charCodeAt(start))) start++
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--
  return start === 0 && end === s.length ? s : s.slice(start, end)
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09
}
