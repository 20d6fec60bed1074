import { PUBLIC_SUFFIX_RULES } from './public-suffix-data'

let rules: ReadonlySet<string> | undefined

// Parsed on first use, which is a wildcard origin being validated at start-up: policies
// without wildcards, and the request path, never pay for it.
function loadRules(): ReadonlySet<string> {
  if (rules) return rules
  const set = new Set<string>()
  for (const group of PUBLIC_SUFFIX_RULES.split(';')) {
    const colon = group.indexOf(':')
    const head = colon === -1 ? group : group.slice(0, colon)
    const tld = head.startsWith('-') ? head.slice(1) : head
    if (!head.startsWith('-')) set.add(tld)
    if (colon === -1) continue
    for (const child of group.slice(colon + 1).split(',')) {
      set.add(child.startsWith('!') ? `!${child.slice(1)}.${tld}` : `${child}.${tld}`)
    }
  }
  rules = set
  return set
}

/**
 * Whether `host` (lower-case, punycode, no trailing dot) is itself a public suffix of the
 * Public Suffix List, ICANN and PRIVATE sections: `com`, `co.uk`, `github.io`, `anything.ck`
 * (rule `*.ck`) but not `www.ck` (exception `!www.ck`). A single label always is (the
 * list's implicit `*` rule). See https://github.com/publicsuffix/list/wiki/Format.
 */
export function isPublicSuffix(host: string): boolean {
  const dot = host.indexOf('.')
  if (dot === -1) return true
  const set = loadRules()
  if (set.has(`!${host}`)) return false
  return set.has(host) || set.has(`*.${host.slice(dot + 1)}`)
}
