// Where a page and a server live, in the two senses that change what a browser does:
// - the address space (Local Network Access, https://wicg.github.io/local-network-access/):
//   a page on a public address reaching a private or loopback one needs the user's permission;
// - the site (https://html.spec.whatwg.org/#sites): cookies are sent across origins of one
//   site, and third-party cookies across sites are blocked or partitioned.

import { isIP } from 'node:net'

export type AddressSpace = 'public' | 'local' | 'loopback'

const RANK: Record<AddressSpace, number> = { public: 0, local: 1, loopback: 2 }

function ipv4Space(ip: string): AddressSpace {
  const [a = 0, b = 0] = ip.split('.').map(Number)
  if (a === 127) return 'loopback'
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'local'
  if ((a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127) || a === 0) return 'local'
  return 'public'
}

/** The address space of an IP address (IPv4, IPv6, IPv4-mapped IPv6). */
export function ipAddressSpace(ip: string): AddressSpace {
  const address = ip.replace(/^\[|\]$/g, '').toLowerCase()
  if (isIP(address) === 4) return ipv4Space(address)
  if (address === '::1') return 'loopback'
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)
  if (mapped?.[1]) return ipv4Space(mapped[1])
  if (/^f[cd]/.test(address) || /^fe[89ab]/.test(address)) return 'local'
  return 'public'
}

/**
 * The address space of the page, from its origin alone (the doctor cannot know where a page
 * was served from): an IP literal by its range; `localhost` and `*.localhost` are loopback;
 * `.local`, `.internal`, `.lan` and `.home.arpa` names are local; every other name is public.
 */
export function pageAddressSpace(origin: string): AddressSpace | null {
  if (origin === 'null') return null
  const host = new URL(origin).hostname.replace(/^\[|\]$/g, '')
  if (isIP(host)) return ipAddressSpace(host)
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback'
  if (/\.(local|internal|lan|home\.arpa)$/.test(host)) return 'local'
  return 'public'
}

/** Whether a request from `from` to `to` is a Local Network Access request. */
export function isLocalNetworkRequest(from: AddressSpace, to: AddressSpace): boolean {
  return RANK[to] > RANK[from]
}

// Second-level labels under country codes that behave as public suffixes (co.uk, com.au, …).
// A heuristic in place of the full Public Suffix List, which the doctor does not ship: it errs
// towards "same site" only for unusual suffixes, where it then says nothing about cookies.
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'ne', 'or', 'go'])

/** The registrable domain of a host, approximately (an IP address or single label is its own site). */
export function registrableDomain(host: string): string {
  const bare = host
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '')
  if (isIP(bare)) return bare
  const labels = bare.split('.')
  if (labels.length <= 2) return bare
  const tld = labels[labels.length - 1] as string
  const second = labels[labels.length - 2] as string
  const keep = tld.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2
  return labels.slice(-keep).join('.')
}

/** https://html.spec.whatwg.org/#same-site with schemes (ports never count). */
export function sameSite(a: string, b: string): boolean {
  if (a === 'null' || b === 'null') return false
  const x = new URL(a)
  const y = new URL(b)
  return x.protocol === y.protocol && registrableDomain(x.hostname) === registrableDomain(y.hostname)
}

/**
 * https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy: plain http to these
 * is not mixed content.
 */
export function isPotentiallyTrustworthy(url: URL): boolean {
  if (url.protocol === 'https:' || url.protocol === 'wss:') return true
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  return isIP(host) !== 0 && ipAddressSpace(host) === 'loopback'
}
