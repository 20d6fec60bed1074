import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCors } from '../src/index'

// A deliberately simple reference for semantics.md §2's origin rules, built on `URL` and
// string splitting — nothing shared with the compiled matcher — to compare against it.
type RefEntry = { scheme: string; host: string; sub: boolean; port: string | '*' }

function refEntry(entry: string): RefEntry | 'null' {
  if (entry === 'null') return 'null'
  const sub = entry.includes('://*.')
  const anyPort = entry.endsWith(':*')
  const url = new URL(entry.replace('://*.', '://').replace(/:\*$/, ''))
  return { scheme: url.protocol, host: url.hostname, sub, port: anyPort ? '*' : url.port }
}

function refAllows(entries: (RefEntry | 'null')[], origin: string): boolean {
  if (origin.length > 1024 || origin.includes(',')) return false
  if (origin === 'null') return entries.includes('null')
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  // Only the exact serialisation a browser sends counts.
  if (url.origin !== origin) return false
  return entries.some((e) => {
    if (e === 'null' || e.scheme !== url.protocol) return false
    if (e.port !== '*' && e.port !== url.port) return false
    if (!e.sub) return url.hostname === e.host
    if (!url.hostname.endsWith(`.${e.host}`)) return false
    const labels = url.hostname.slice(0, -e.host.length - 1).split('.')
    return labels.every((l) => /^[a-z0-9_-]+$/.test(l))
  })
}

const label = fc.constantFrom(
  'foo',
  'bar',
  'barfoo',
  'evil',
  'a',
  'b-c',
  'xn--bcher-kva',
  'api',
  'x_y',
  'FOO',
)
const tld = fc.constantFrom('com', 'net', 'io', 'example', 'com.evil.net')
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), tld)
  .map(([ls, t]) => `${ls.join('.')}.${t}`)
const host = fc.oneof(
  { weight: 8, arbitrary: domain },
  fc.constantFrom('localhost', '127.0.0.1', '[::1]', '[2001:db8::1]'),
)
const scheme = fc.constantFrom('http', 'https', 'HTTPS')
const port = fc.constantFrom('', ':80', ':443', ':8080', ':3000')

const policyEntry = fc.oneof(
  fc.tuple(scheme, host, port).map(([s, h, p]) => `${s}://${h}${p}`),
  fc.tuple(scheme, domain, fc.constantFrom('', ':8443', ':*')).map(([s, d, p]) => `${s}://*.${d}${p}`),
  fc.tuple(scheme, host).map(([s, h]) => `${s}://${h}:*`),
  fc.constant('null'),
)

// Request origins: mostly near-misses of the policy's own entries.
const mutation = fc.constantFrom(
  (o: string) => o,
  (o: string) => o.replace('*.', ''),
  (o: string) => o.replace('*.', 'a.'),
  (o: string) => o.replace('*.', 'a.b.'),
  (o: string) => o.replace('*.', 'evil'),
  (o: string) => o.replace(':*', ':5173'),
  (o: string) => o.replace(':*', ''),
  (o: string) => `${o}.evil.net`,
  (o: string) => o.replace('https', 'http'),
  (o: string) => o.replace('://', '://evil-'),
  (o: string) => o.toUpperCase(),
  (o: string) => `${o}/`,
  (o: string) => `${o}:443`,
  (o: string) => `${o}, ${o}`,
)

describe('differential: compiled origin matcher vs a URL-based reference', () => {
  it('agrees on every generated policy and origin (including look-alikes)', () => {
    let compared = 0
    fc.assert(
      fc.property(
        fc.array(policyEntry, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 10 }),
        fc.array(
          fc.tuple(scheme, host, port).map(([s, h, p]) => `${s.toLowerCase()}://${h}${p}`),
          { maxLength: 4 },
        ),
        (entries, picks, extra) => {
          const cors = createCors({ origin: entries })
          const refs = entries.map(refEntry)
          const origins = [
            ...picks.map(([i, mutate]) => {
              const base = entries[i % entries.length]!.replace(/^HTTPS/, 'https').toLowerCase()
              return mutate(base.replace('*.', '*.').replace(':80', '').replace(':443', ''))
            }),
            ...extra,
          ]
          for (const origin of origins) {
            if (origin.includes('*')) continue // not something a browser can send
            const ours = cors.decide('GET', origin, undefined, undefined, undefined, null).allowed
            const reference = refAllows(refs, origin)
            compared++
            if (ours !== reference) {
              throw new Error(
                `policy ${JSON.stringify(entries)} origin ${origin}: ours ${ours}, reference ${reference}`,
              )
            }
          }
        },
      ),
      { numRuns: 3000, seed: 20261126 },
    )
    expect(compared).toBeGreaterThan(10_000)
  })

  it('knows the advisories: barfoo.com is not foo.com + bar.com', () => {
    const cors = createCors({ origin: ['https://foo.com', 'https://bar.com'] })
    expect(cors.decide('GET', 'https://barfoo.com', undefined, undefined, undefined, null).allowed).toBe(
      false,
    )
  })
})
