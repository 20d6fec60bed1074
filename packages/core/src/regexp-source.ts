/**
 * A small parser of RegExp source, for start-up checks of `origin` RegExps only
 * (semantics.md §3, `unsafe-origin`). The engine has already accepted the pattern, so the
 * parser only needs to find its structure: escapes, character classes, groups, quantifiers.
 * One pass with an explicit stack: linear in the source, no recursion on user input.
 */

/** Sorted, non-overlapping inclusive ranges of code points. */
export type CharRanges = readonly (readonly [number, number])[]

export type RegExpNode =
  | { readonly kind: 'chars'; readonly ranges: CharRanges; readonly literal: string | undefined }
  | { readonly kind: 'start' | 'end' | 'boundary' | 'backreference' }
  | { readonly kind: 'group'; readonly lookaround: boolean; readonly alternatives: RegExpSequence[] }

export interface RegExpTerm {
  readonly node: RegExpNode
  min: number
  max: number
  readonly start: number
  end: number
}

export interface RegExpSequence {
  readonly terms: RegExpTerm[]
  readonly start: number
  end: number
}

/** Deeper nesting than any origin pattern needs; past it the pattern is refused as too complex. */
export const MAX_GROUP_DEPTH = 64

const MAX_CODE_POINT = 0x10ffff
export const ANY: CharRanges = [[0, MAX_CODE_POINT]]
const DIGITS: CharRanges = [[0x30, 0x39]]
const WORD: CharRanges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
]
const SPACE: CharRanges = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]
const LINE_TERMINATORS: CharRanges = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]

/** Union of ranges, sorted and merged. */
export function unionRanges(sets: readonly CharRanges[]): CharRanges {
  const all = sets.flat().sort((a, b) => a[0] - b[0])
  const out: [number, number][] = []
  for (const [lo, hi] of all) {
    const last = out[out.length - 1]
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi)
    else out.push([lo, hi])
  }
  return out
}

export function complementRanges(set: CharRanges): CharRanges {
  const out: [number, number][] = []
  let next = 0
  for (const [lo, hi] of unionRanges([set])) {
    if (lo > next) out.push([next, lo - 1])
    next = hi + 1
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT])
  return out
}

export function rangesIntersect(a: CharRanges, b: CharRanges): boolean {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    if (x[1] < y[0]) i++
    else if (y[1] < x[0]) j++
    else return true
  }
  return false
}

// Case-insensitive matching: ASCII letters stand for both cases, which is all origin
// patterns use; other scripts are rare enough that the approximation only costs precision.
function withBothCases(set: CharRanges): CharRanges {
  const extra: [number, number][] = []
  for (const [lo, hi] of set) {
    const upperLo = Math.max(lo, 0x41)
    const upperHi = Math.min(hi, 0x5a)
    if (upperLo <= upperHi) extra.push([upperLo + 0x20, upperHi + 0x20])
    const lowerLo = Math.max(lo, 0x61)
    const lowerHi = Math.min(hi, 0x7a)
    if (lowerLo <= lowerHi) extra.push([lowerLo - 0x20, lowerHi - 0x20])
  }
  return extra.length === 0 ? set : unionRanges([set, extra])
}

// Looks for `char` a short way ahead only: the constructs searched for are short, and an
// unbounded search repeated at every `{` or `\k<` would make the parser quadratic.
function indexWithin(src: string, char: string, from: number): number {
  const end = Math.min(src.length, from + 64)
  for (let i = from; i < end; i++) if (src[i] === char) return i
  return -1
}

const single = (c: number): CharRanges => [[c, c]]

const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0 }

interface Escape {
  readonly ranges: CharRanges
  readonly literal: string | undefined
  readonly next: number
  readonly kind?: 'boundary' | 'backreference'
}

// Reads the escape whose backslash is at `i`. Inside a class `\b` is a backspace.
function readEscape(src: string, i: number, inClass: boolean): Escape {
  const c = src[i + 1] ?? ''
  const next = i + 2
  switch (c) {
    case 'd':
      return { ranges: DIGITS, literal: undefined, next }
    case 'D':
      return { ranges: complementRanges(DIGITS), literal: undefined, next }
    case 'w':
      return { ranges: WORD, literal: undefined, next }
    case 'W':
      return { ranges: complementRanges(WORD), literal: undefined, next }
    case 's':
      return { ranges: SPACE, literal: undefined, next }
    case 'S':
      return { ranges: complementRanges(SPACE), literal: undefined, next }
    case 'b':
      return inClass
        ? { ranges: single(8), literal: undefined, next }
        : { ranges: ANY, literal: undefined, next, kind: 'boundary' }
    case 'B':
      return { ranges: ANY, literal: undefined, next, kind: 'boundary' }
    case 'p':
    case 'P': {
      const close = src[next] === '{' ? indexWithin(src, '}', next) : -1
      return { ranges: ANY, literal: undefined, next: close === -1 ? next : close + 1 }
    }
    case 'k': {
      const close = src[next] === '<' ? indexWithin(src, '>', next) : -1
      if (close === -1) return { ranges: single(0x6b), literal: 'k', next }
      return { ranges: ANY, literal: undefined, next: close + 1, kind: 'backreference' }
    }
    case 'x':
    case 'u':
      return readCodeEscape(src, i)
    case 'c': {
      const letter = src.charCodeAt(next)
      return { ranges: single(letter % 32), literal: undefined, next: next + 1 }
    }
    default: {
      if (c >= '1' && c <= '9' && !inClass) {
        let end = next
        while (src[end] !== undefined && src[end]! >= '0' && src[end]! <= '9') end++
        return { ranges: ANY, literal: undefined, next: end, kind: 'backreference' }
      }
      const control = CONTROL_ESCAPES[c]
      if (control !== undefined) return { ranges: single(control), literal: undefined, next }
      const code = src.codePointAt(i + 1) ?? 0
      return {
        ranges: single(code),
        literal: String.fromCodePoint(code),
        next: i + 1 + (code > 0xffff ? 2 : 1),
      }
    }
  }
}

function readCodeEscape(src: string, i: number): Escape {
  const c = src[i + 1]
  let digits: string
  let next: number
  if (c === 'u' && src[i + 2] === '{') {
    const close = indexWithin(src, '}', i + 3)
    digits = close === -1 ? '' : src.slice(i + 3, close)
    next = close === -1 ? i + 2 : close + 1
  } else {
    const length = c === 'x' ? 2 : 4
    digits = src.slice(i + 2, i + 2 + length)
    next = i + 2 + length
  }
  if (!/^[0-9a-fA-F]{1,6}$/.test(digits)) return { ranges: single(c!.charCodeAt(0)), literal: c, next: i + 2 }
  const code = Number.parseInt(digits, 16)
  return { ranges: single(code), literal: String.fromCodePoint(code), next }
}

// Reads a class whose `[` is at `i`. With the `v` flag classes nest and have set
// operations; their exact content then matters little, so a nested class counts as any
// character (only ever making the check more cautious).
function readClass(src: string, i: number, vMode: boolean): { ranges: CharRanges; next: number } {
  let j = i + 1
  const negated = src[j] === '^'
  if (negated) j++
  const parts: CharRanges[] = []
  let previous: number | undefined
  let rangePending = false
  let approximate = false
  while (j < src.length && src[j] !== ']') {
    let item: CharRanges
    let code: number | undefined
    if (src[j] === '\\') {
      const read = readEscape(src, j, true)
      item = read.ranges
      code =
        read.ranges.length === 1 && read.ranges[0]![0] === read.ranges[0]![1] ? read.ranges[0]![0] : undefined
      j = read.next
    } else if (vMode && src[j] === '[') {
      const inner = readClass(src, j, vMode)
      approximate = true
      item = ANY
      j = inner.next
    } else {
      code = src.codePointAt(j)!
      item = single(code)
      j += code > 0xffff ? 2 : 1
    }
    if (rangePending && previous !== undefined && code !== undefined) {
      parts.push([[Math.min(previous, code), Math.max(previous, code)]])
      rangePending = false
      previous = undefined
      continue
    }
    if (src[j] === '-' && src[j + 1] !== ']' && code !== undefined) {
      previous = code
      rangePending = true
      j++
      continue
    }
    parts.push(item)
  }
  const ranges = approximate ? ANY : unionRanges(parts)
  return { ranges: negated && !approximate ? complementRanges(ranges) : ranges, next: j + 1 }
}

// Reads a quantifier at `i`, if there is one: `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each
// possibly lazy. Outside unicode mode a `{` that is not a quantifier is a literal.
function readQuantifier(src: string, i: number): { min: number; max: number; next: number } | undefined {
  const c = src[i]
  let min: number
  let max: number
  let next = i + 1
  if (c === '*') [min, max] = [0, Number.POSITIVE_INFINITY]
  else if (c === '+') [min, max] = [1, Number.POSITIVE_INFINITY]
  else if (c === '?') [min, max] = [0, 1]
  else if (c === '{') {
    const close = indexWithin(src, '}', i)
    const body = close === -1 ? '' : src.slice(i + 1, close)
    const match = /^(\d+)(,(\d*))?$/.exec(body)
    if (!match) return undefined
    min = Number(match[1])
    max = match[2] === undefined ? min : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3])
    next = close + 1
  } else return undefined
  if (src[next] === '?') next++
  return { min, max, next }
}

interface OpenGroup {
  readonly lookaround: boolean
  readonly alternatives: RegExpSequence[]
  readonly start: number
}

/**
 * Parses a RegExp's source and flags into its top-level alternatives, or `undefined` when
 * groups nest deeper than `MAX_GROUP_DEPTH`.
 */
export function parseRegExpSource(src: string, flags: string): RegExpSequence[] | undefined {
  const ignoreCase = flags.includes('i')
  const dotAll = flags.includes('s')
  const vMode = flags.includes('v')
  const stack: OpenGroup[] = [
    { lookaround: false, alternatives: [{ terms: [], start: 0, end: 0 }], start: 0 },
  ]
  const current = (): RegExpSequence => {
    const alternatives = stack[stack.length - 1]!.alternatives
    return alternatives[alternatives.length - 1]!
  }
  const push = (node: RegExpNode, start: number, end: number): void => {
    const fixed: RegExpNode =
      ignoreCase && node.kind === 'chars' ? { ...node, ranges: withBothCases(node.ranges) } : node
    current().terms.push({ node: fixed, min: 1, max: 1, start, end })
  }
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    const start = i
    if (c === '\\') {
      const read = readEscape(src, i, false)
      if (read.kind) push({ kind: read.kind }, start, read.next)
      else push({ kind: 'chars', ranges: read.ranges, literal: read.literal }, start, read.next)
      i = read.next
    } else if (c === '[') {
      const cls = readClass(src, i, vMode)
      push({ kind: 'chars', ranges: cls.ranges, literal: undefined }, start, cls.next)
      i = cls.next
    } else if (c === '(') {
      if (stack.length > MAX_GROUP_DEPTH) return undefined
      let next = i + 1
      let lookaround = false
      if (src[next] === '?') {
        const rest = src.slice(next + 1, next + 3)
        lookaround = rest[0] === '=' || rest[0] === '!' || rest === '<=' || rest === '<!'
        if (lookaround) next += rest[0] === '<' ? 3 : 2
        else {
          const close = indexWithin(src, src[next + 1] === '<' ? '>' : ':', next)
          if (close === -1) return undefined
          next = close + 1
        }
      }
      stack.push({ lookaround, alternatives: [{ terms: [], start: next, end: next }], start })
      i = next
    } else if (c === ')') {
      if (stack.length === 1) return undefined
      const group = stack.pop()!
      const inner = group.alternatives
      inner[inner.length - 1]!.end = i
      push({ kind: 'group', lookaround: group.lookaround, alternatives: inner }, group.start, i + 1)
      i++
    } else if (c === '|') {
      current().end = i
      stack[stack.length - 1]!.alternatives.push({ terms: [], start: i + 1, end: i + 1 })
      i++
    } else if (c === '^' || c === '$') {
      push({ kind: c === '^' ? 'start' : 'end' }, start, i + 1)
      i++
    } else {
      const quantifier = readQuantifier(src, i)
      const terms = current().terms
      const last = terms[terms.length - 1]
      if (quantifier && last) {
        last.min = quantifier.min
        last.max = quantifier.max
        last.end = quantifier.next
        i = quantifier.next
        continue
      }
      if (c === '.') {
        const ranges = dotAll ? ANY : complementRanges(LINE_TERMINATORS)
        push({ kind: 'chars', ranges, literal: undefined }, start, i + 1)
        i++
      } else {
        const code = src.codePointAt(i)!
        const length = code > 0xffff ? 2 : 1
        push({ kind: 'chars', ranges: single(code), literal: src.slice(i, i + length) }, start, i + length)
        i += length
      }
    }
  }
  const top = stack[0]!.alternatives
  top[top.length - 1]!.end = src.length
  return top
}
