import { parseOrigin } from './origin'
import {
  ANY,
  type CharRanges,
  MAX_GROUP_DEPTH,
  parseRegExpSource,
  type RegExpSequence,
  type RegExpTerm,
  rangesIntersect,
  unionRanges,
} from './regexp-source'

/**
 * Why an `origin` RegExp is refused (semantics.md §3, `unsafe-origin`), one sentence per
 * problem, each ending with what to write instead; empty when the RegExp is safe. Every
 * suggestion matches a subset of what the RegExp matched, so following it never widens the
 * policy.
 */
export function findRegExpOriginProblems(re: RegExp): string[] {
  const cleanFlags = re.flags.replace(/[gy]/g, '')
  const alternatives = parseRegExpSource(re.source, re.flags)
  if (alternatives === undefined) {
    return [
      `nests groups more than ${MAX_GROUP_DEPTH} deep, too deep to check; list the origins, or use wildcard strings such as "https://*.example.com"`,
    ]
  }
  const problems: string[] = []
  const bodies = flattenAlternatives(alternatives)
  const open = bodies.filter((b) => !b.anchoredStart || !b.anchoredEnd)
  if (open.length > 0) problems.push(describeUnanchored(re, open, bodies, cleanFlags))
  const catastrophic = findCatastrophicTerm(alternatives)
  if (catastrophic !== undefined) {
    const shown = re.source.slice(catastrophic.term.start, catastrophic.term.end)
    const wildcard = bodies.length === 1 ? suggestWildcard(re.source, bodies) : undefined
    const instead = wildcard
      ? `if every subdomain of ${wildcard.slice(wildcard.indexOf('*.') + 2)} may read, the wildcard string "${wildcard}" matches in linear time; otherwise list the origins`
      : 'list the origins, or use wildcard strings such as "https://*.example.com", which match in linear time'
    problems.push(`can take exponential time on a crafted Origin: "${shown}" ${catastrophic.why}; ${instead}`)
  }
  if (re.global || re.sticky) {
    const flag = re.global ? 'g' : 'y'
    const fix = problems.length === 0 ? `write /${re.source}/${cleanFlags}` : `remove the ${flag} flag`
    problems.push(
      `has the ${flag} flag, whose lastIndex makes test() alternate between true and false; ${fix}`,
    )
  }
  return problems
}

/** A top-level alternative: its source span without its own `^` and `$`. */
interface AlternativeBody {
  readonly sequence: RegExpSequence
  readonly terms: readonly RegExpTerm[]
  readonly start: number
  readonly end: number
  readonly anchoredStart: boolean
  readonly anchoredEnd: boolean
}

const isPlain = (t: RegExpTerm): boolean => t.min === 1 && t.max === 1

// An alternative that is wholly one plain group (`(^a$|^b$)`) is as anchored as each of
// its own alternatives, so the check descends into it.
function flattenAlternatives(sequences: readonly RegExpSequence[]): AlternativeBody[] {
  const out: AlternativeBody[] = []
  for (const sequence of sequences) {
    const terms = sequence.terms
    const only = terms.length === 1 ? terms[0]! : undefined
    if (only && only.node.kind === 'group' && !only.node.lookaround && isPlain(only)) {
      out.push(...flattenAlternatives(only.node.alternatives))
      continue
    }
    const first = terms[0]
    const last = terms[terms.length - 1]
    const anchoredStart = first !== undefined && first.node.kind === 'start' && isPlain(first)
    const anchoredEnd =
      last !== undefined &&
      last !== (anchoredStart ? first : undefined) &&
      last.node.kind === 'end' &&
      isPlain(last)
    out.push({
      sequence,
      terms: terms.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined),
      start: anchoredStart ? first.end : sequence.start,
      end: anchoredEnd ? last.start : sequence.end,
      anchoredStart,
      anchoredEnd,
    })
  }
  return out
}

function describeUnanchored(
  re: RegExp,
  open: readonly AlternativeBody[],
  bodies: readonly AlternativeBody[],
  flags: string,
): string {
  const src = re.source
  const which =
    bodies.length === 1
      ? `is not anchored at ${missingAnchors(open[0]!)}`
      : `has alternatives not anchored at both ends (${open
          .slice(0, 3)
          .map((b) => `"${src.slice(b.sequence.start, b.sequence.end)}" lacks ${missingAnchors(b, true)}`)
          .join(', ')})`
  const startOpen = open.some((b) => !b.anchoredStart)
  const endOpen = open.some((b) => !b.anchoredEnd)
  const examples = [startOpen ? 'https://evilexample.com' : '', endOpen ? 'https://example.com.evil.net' : '']
  const why = `so it also matches origins that merely contain a match, such as ${examples.filter(Boolean).join(' or ')}`
  const advice: string[] = []
  const exact = suggestAnchored(src, bodies, flags)
  if (exact) advice.push(`write ${exact}`)
  // One wildcard string can replace the whole pattern only when it has one alternative.
  const wildcard = bodies.length === 1 ? suggestWildcard(src, bodies) : undefined
  if (wildcard)
    advice.push(
      `${advice.length ? 'or better ' : 'write '}the wildcard string "${wildcard}"${exact ? ' for its subdomains' : ''}`,
    )
  if (advice.length === 0) advice.push('anchor every alternative, e.g. /^https:\\/\\/example\\.com$/')
  return `${which}, ${why}; ${advice.join(', ')}`
}

function missingAnchors(b: AlternativeBody, short = false): string {
  if (!b.anchoredStart && !b.anchoredEnd) return short ? '^ and $' : 'either end (^ … $)'
  return b.anchoredStart ? (short ? '$' : 'its end ($)') : short ? '^' : 'its start (^)'
}

// The literal host a body ends with (`\.example\.com` → `.example.com`), the scheme it
// starts with, and whether anything else stands between them.
function literalShape(
  src: string,
  body: AlternativeBody,
): { scheme: string; host: string; between: boolean; hostSource: string } {
  const terms = body.terms
  let schemeEnd = 0
  let scheme = 'https'
  const text = terms
    .map((t) => (t.node.kind === 'chars' && isPlain(t) ? (t.node.literal ?? '\0') : '\0'))
    .join('')
  for (const candidate of ['https://', 'http://']) {
    if (text.toLowerCase().startsWith(candidate)) {
      scheme = candidate.slice(0, -3)
      schemeEnd = candidate.length
      break
    }
  }
  let hostStart = terms.length
  while (hostStart > schemeEnd && /^[a-zA-Z0-9.-]$/.test(text[hostStart - 1]!)) hostStart--
  const host = text.slice(hostStart).toLowerCase()
  const hostSource = hostStart < terms.length ? src.slice(terms[hostStart]!.start, body.end) : ''
  return { scheme, host, between: hostStart > schemeEnd, hostSource }
}

// `^https:\/\/example\.com$` from `example\.com`, and from `.*example\.com` (a wide prefix
// kept would still grant evilexample.com). A body that does not end in a literal host keeps
// its own source, anchored and given a scheme: a subset of what it matched unanchored.
function suggestAnchored(src: string, bodies: readonly AlternativeBody[], flags: string): string | undefined {
  const parts = new Set<string>()
  for (const body of bodies) {
    if (body.start === body.end) continue
    const shape = literalShape(src, body)
    let part: string
    if (shape.host.startsWith('.')) continue // the wildcard string says it better
    if (shape.host !== '' && shape.between) part = `${shape.scheme}:\\/\\/${shape.hostSource}`
    else {
      part = src.slice(body.start, body.end)
      if (!/^\(?(\?:)?https?/i.test(part)) part = `https:\\/\\/${part}`
    }
    parts.add(part)
  }
  if (parts.size === 0) return undefined
  const list = [...parts]
  const source = list.length === 1 ? `^${list[0]}$` : `^(?:${list.join('|')})$`
  try {
    new RegExp(source, flags)
  } catch {
    return undefined
  }
  return `/${source}/${flags}`
}

// `"https://*.example.com"` when the pattern ends in a literal registrable domain and that
// wildcard string is itself accepted (never over a public suffix).
function suggestWildcard(src: string, bodies: readonly AlternativeBody[]): string | undefined {
  for (const body of bodies) {
    const shape = literalShape(src, body)
    const domain = shape.host.startsWith('.') ? shape.host.slice(1) : shape.host
    if (!domain.includes('.') || domain.startsWith('.') || domain.endsWith('.')) continue
    const candidate = `${shape.scheme}://*.${domain}`
    const parsed = parseOrigin(candidate)
    if (parsed.ok) return candidate
  }
  return undefined
}

interface CatastrophicTerm {
  readonly term: RegExpTerm
  readonly why: string
}

// Past this many steps the pattern is refused as too complex to check, so the check
// itself stays linear-ish whatever the pattern.
const WORK_LIMIT = 200_000

/**
 * A repeated group whose body can match one text in more than one way makes a
 * backtracking engine try exponentially many splits on a near-miss: a quantifier nested
 * in another (star height > 1) or alternatives that overlap.
 */
function findCatastrophicTerm(sequences: readonly RegExpSequence[]): CatastrophicTerm | undefined {
  const budget = { left: WORK_LIMIT }
  const visit = (seqs: readonly RegExpSequence[]): CatastrophicTerm | undefined => {
    for (const seq of seqs) {
      for (const term of seq.terms) {
        if (term.node.kind !== 'group') continue
        if (term.max > 1) {
          const inner = term.node.alternatives
          if (containsRepeat(inner, budget)) return { term, why: 'repeats a quantifier inside a quantifier' }
          if (hasOverlappingAlternatives(inner, budget)) {
            return { term, why: 'repeats alternatives that can match the same text' }
          }
          if (budget.left <= 0) return { term, why: 'is too complex to check' }
        }
        const found = visit(term.node.alternatives)
        if (found) return found
      }
    }
    return undefined
  }
  return visit(sequences)
}

function containsRepeat(seqs: readonly RegExpSequence[], budget: { left: number }): boolean {
  for (const seq of seqs) {
    for (const term of seq.terms) {
      budget.left--
      if (term.max > 1) return true
      if (term.node.kind === 'group' && containsRepeat(term.node.alternatives, budget)) return true
    }
  }
  return false
}

function hasOverlappingAlternatives(seqs: readonly RegExpSequence[], budget: { left: number }): boolean {
  for (let i = 0; i < seqs.length; i++) {
    for (let j = i + 1; j < seqs.length; j++) {
      if (budget.left-- <= 0 || mayMatchSameText(seqs[i]!, seqs[j]!, budget)) return true
    }
  }
  for (const seq of seqs) {
    for (const term of seq.terms) {
      if (term.node.kind === 'group' && hasOverlappingAlternatives(term.node.alternatives, budget))
        return true
    }
  }
  return false
}

// Walks two alternatives character by character while both are plain characters: one
// position where they cannot agree proves they never match the same text (`app|api`).
// Anything less simple falls back to comparing what each can start with.
function mayMatchSameText(a: RegExpSequence, b: RegExpSequence, budget: { left: number }): boolean {
  const x = a.terms.filter(
    (t) => t.node.kind !== 'start' && t.node.kind !== 'end' && t.node.kind !== 'boundary',
  )
  const y = b.terms.filter(
    (t) => t.node.kind !== 'start' && t.node.kind !== 'end' && t.node.kind !== 'boundary',
  )
  for (let i = 0; ; i++) {
    budget.left--
    const s = x[i]
    const t = y[i]
    if (s === undefined || t === undefined) return true
    if (s.node.kind === 'chars' && t.node.kind === 'chars' && isPlain(s) && isPlain(t)) {
      if (!rangesIntersect(s.node.ranges, t.node.ranges)) return false
      continue
    }
    return rangesIntersect(firstChars(x, i, budget), firstChars(y, i, budget))
  }
}

// The characters a run of terms can start with; a run that can match nothing at all
// could be followed by anything, so it counts as any character.
function firstChars(terms: readonly RegExpTerm[], from: number, budget: { left: number }): CharRanges {
  const sets: CharRanges[] = []
  for (let i = from; i < terms.length; i++) {
    budget.left--
    const term = terms[i]!
    const node = term.node
    if (node.kind === 'chars') sets.push(node.ranges)
    else if (node.kind === 'backreference') return ANY
    else if (node.kind === 'group' && !node.lookaround) {
      let nullable = false
      for (const alt of node.alternatives) {
        const inner = firstChars(alt.terms, 0, budget)
        if (inner === ANY) return ANY
        sets.push(inner)
        if (canBeEmpty(alt.terms)) nullable = true
      }
      if (term.min > 0 && !nullable) return unionRanges(sets)
      continue
    } else continue
    if (term.min > 0) return unionRanges(sets)
  }
  return ANY
}

function canBeEmpty(terms: readonly RegExpTerm[]): boolean {
  return terms.every(
    (t) =>
      t.min === 0 ||
      t.node.kind === 'start' ||
      t.node.kind === 'end' ||
      t.node.kind === 'boundary' ||
      t.node.kind === 'backreference' ||
      (t.node.kind === 'group' &&
        (t.node.lookaround || t.node.alternatives.some((a) => canBeEmpty(a.terms)))),
  )
}
