// Whether the server under examination looks like Crossway, so that a fix can name the policy
// option instead of a raw header. A heuristic, deliberately modest: a fix always names the
// header as well, so a wrong guess still leads somewhere.
//
// The signature is how Crossway writes a preflight answer (semantics.md §5–6): one `Vary`
// line holding `Access-Control-Request-Method, Access-Control-Request-Headers` in exactly that
// casing and order (after `Origin` unless the policy is `'*'`), and lists written without a
// space after the commas (`GET,PUT`). Other libraries vary on ACRH alone (`cors`), write one
// token per `Vary` line, or put a space after commas; any list with `, ` rules Crossway out.
import type { Exchange } from './http-client'

const LISTS = [
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
]
const PREFLIGHT_VARY = 'Access-Control-Request-Method, Access-Control-Request-Headers'

export function looksLikeCrossway(exchanges: readonly Exchange[]): boolean {
  let signature = false
  for (const exchange of exchanges) {
    for (const name of LISTS) {
      if (exchange.lines(name).some((line) => /,[ \t]/.test(line))) return false
    }
    if (exchange.sent.method === 'OPTIONS') {
      const vary = exchange.lines('vary')
      if (vary.some((line) => line.includes(PREFLIGHT_VARY))) signature = true
      else if (vary.length > 0 || exchange.received.status < 300) return false
    }
  }
  return signature
}
