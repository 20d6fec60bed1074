import type { ConformanceCase } from '../case'
import { ACAM, ACAO, ACRPN, ALL_CORS_HEADERS, VARY_PREFLIGHT_ANY_ORIGIN } from '../header-names'
import {
  allowedPreflight,
  DEFAULT_METHODS,
  GET_RESOURCE,
  notCors,
  refusedActual,
  refusedPreflight,
} from './outcomes'
import { ANY, APP, LIST, METHODS_ANY, SUBDOMAINS } from './policies'
import { get, preflight, raw } from './requests'

/** How Node's server decodes header bytes: Latin-1, so UTF-8 text arrives as mojibake. */
function asNodeSeesIt(value: string): string {
  // TextEncoder rather than Buffer: the table also loads on Deno and edge runtimes.
  let text = ''
  for (const byte of new TextEncoder().encode(value)) text += String.fromCharCode(byte)
  return text
}

/** Node's HTTP parser answers 400 to a control character in a header before any middleware runs. */
const PARSER_400 = { status: 400, handlerCalled: false, absent: ALL_CORS_HEADERS } as const

const HUGE_SUBDOMAIN = `https://${'a.'.repeat(2000)}example.com`

/** semantics.md §7: garbage never throws, never grants, and the server keeps answering. */
export const badInputCases: readonly ConformanceCase[] = [
  {
    id: 'bad/origin-control-character',
    spec: '§7',
    policy: LIST,
    request: raw(get('/resource', `${APP}\u0001`)),
    expect: PARSER_400,
  },
  {
    id: 'bad/origin-nul',
    spec: '§7',
    policy: LIST,
    request: raw(get('/resource', `${APP}\u0000.evil`)),
    expect: PARSER_400,
  },
  {
    id: 'bad/acrm-control-character',
    spec: '§7',
    policy: LIST,
    request: raw(preflight(APP, 'PUT\u001f')),
    expect: PARSER_400,
  },
  {
    id: 'bad/acrh-delete-character',
    spec: '§7',
    policy: LIST,
    request: raw(preflight(APP, 'PUT', 'x-a\u007f')),
    expect: PARSER_400,
  },
  {
    id: 'bad/origin-non-ascii',
    spec: '§7',
    policy: LIST,
    request: raw(get('/resource', 'https://äpp.example.com')),
    expect: refusedActual(asNodeSeesIt('https://äpp.example.com'), GET_RESOURCE),
  },
  {
    id: 'bad/origin-non-ascii-label-under-subdomain-wildcard',
    spec: '§7',
    policy: SUBDOMAINS,
    request: raw(get('/resource', 'https://é.example.com')),
    expect: refusedActual(asNodeSeesIt('https://é.example.com'), GET_RESOURCE),
  },
  {
    id: 'bad/acrh-non-ascii-is-malformed',
    spec: '§7',
    policy: ANY,
    request: raw(preflight(APP, 'PUT', 'x-naïve')),
    expect: refusedPreflight(
      { reason: 'malformed', origin: APP, requestMethod: 'PUT' },
      { vary: VARY_PREFLIGHT_ANY_ORIGIN },
    ),
  },
  {
    id: 'bad/acrm-non-ascii-is-malformed',
    spec: '§7',
    policy: METHODS_ANY,
    request: raw(preflight(APP, 'PÜT')),
    expect: refusedPreflight(
      { reason: 'malformed', origin: APP, requestMethod: asNodeSeesIt('PÜT') },
      { vary: VARY_PREFLIGHT_ANY_ORIGIN },
    ),
  },
  {
    id: 'bad/origin-only-spaces-is-empty',
    spec: '§7',
    policy: LIST,
    request: get('/resource', '   '),
    expect: notCors(GET_RESOURCE),
  },
  {
    id: 'bad/origin-inner-space',
    spec: '§7',
    policy: LIST,
    request: get('/resource', 'https://app .example.com'),
    expect: refusedActual('https://app .example.com', GET_RESOURCE),
  },
  {
    id: 'bad/origin-inner-tab',
    spec: '§7',
    policy: LIST,
    request: get('/resource', `${APP}\tx`),
    expect: refusedActual(`${APP}\tx`, GET_RESOURCE),
  },
  {
    id: 'bad/origin-comma-on-one-line',
    spec: '§1',
    policy: LIST,
    request: get('/resource', `${APP},https://evil.example`),
    expect: refusedActual(`${APP},https://evil.example`, GET_RESOURCE),
  },
  {
    id: 'bad/origin-literal-star-refused',
    spec: '§7',
    policy: LIST,
    request: get('/resource', '*'),
    expect: refusedActual('*', GET_RESOURCE),
  },
  ...(
    [
      ['pattern-itself', 'https://*.example.com'],
      ['userinfo', 'https://user@a.example.com'],
      ['path', 'https://evil.net/.example.com'],
      ['query', 'https://evil.net?.example.com'],
      ['fragment', 'https://evil.net#.example.com'],
      ['trailing-dot', 'https://a.example.com.'],
      ['backslash', 'https://evil.net\\.example.com'],
      ['explicit-default-port', 'https://a.example.com:443'],
    ] as const
  ).map(
    ([name, origin]): ConformanceCase => ({
      id: `bad/subdomain-wildcard-${name}-refused`,
      spec: '§7',
      policy: SUBDOMAINS,
      request: get('/resource', origin),
      expect: refusedActual(origin, GET_RESOURCE),
    }),
  ),
  {
    id: 'bad/origin-huge-refused-and-cut',
    spec: '§7',
    policy: SUBDOMAINS,
    request: get('/resource', HUGE_SUBDOMAIN),
    expect: refusedActual(HUGE_SUBDOMAIN.slice(0, 1024), GET_RESOURCE),
  },
  {
    id: 'bad/acrh-huge-is-malformed',
    spec: '§7',
    policy: ANY,
    request: preflight(APP, 'PUT', 'a,'.repeat(4000)),
    expect: refusedPreflight(
      { reason: 'malformed', origin: APP, requestMethod: 'PUT' },
      { vary: VARY_PREFLIGHT_ANY_ORIGIN },
    ),
  },
  {
    id: 'bad/acrh-separator-is-malformed',
    spec: '§7',
    policy: ANY,
    request: preflight(APP, 'PUT', 'x-a;x-b'),
    expect: refusedPreflight(
      { reason: 'malformed', origin: APP, requestMethod: 'PUT' },
      { vary: VARY_PREFLIGHT_ANY_ORIGIN },
    ),
  },
  {
    id: 'bad/acrm-long-token-refused',
    spec: '§7',
    policy: LIST,
    request: preflight(APP, 'A'.repeat(1000)),
    expect: refusedPreflight({ reason: 'method', origin: APP, requestMethod: 'A'.repeat(1000) }),
  },
  {
    id: 'bad/acrpn-garbage-does-not-count',
    spec: '§1',
    policy: LIST,
    request: preflight(APP, 'PUT', undefined, { [ACRPN]: 'yes please' }),
    expect: allowedPreflight({ [ACAO]: APP, [ACAM]: DEFAULT_METHODS }),
  },
]
