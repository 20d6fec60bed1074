import type { ConformanceCase } from '../case'
import { ACAC, ACAH, ACAM, ACAO, VARY_PREFLIGHT_ANY_ORIGIN } from '../header-names'
import { allowedDefaultPreflight, allowedPreflight, DEFAULT_METHODS, refusedPreflight } from './outcomes'
import { ANY, APP, HEADERS_ANY_CREDENTIALS, HEADERS_LIST, HEADERS_STRING } from './policies'
import { preflight } from './requests'

/** `count` distinct token names, `h1,h2,…`. */
function names(count: number, prefix = 'h'): string {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`).join(',')
}

const LISTED = { [ACAO]: APP, [ACAH]: 'x-custom,content-type', [ACAM]: DEFAULT_METHODS }

/** semantics.md §5: matching `Access-Control-Request-Headers`, and the `ACAH` answered. */
export const preflightHeaderCases: readonly ConformanceCase[] = [
  {
    id: 'preflight/headers-listed',
    spec: '§5',
    policy: HEADERS_LIST,
    request: preflight(APP, 'PUT', 'x-custom'),
    expect: allowedPreflight(LISTED),
  },
  {
    id: 'preflight/headers-listed-not-sent-without-acrh',
    spec: '§5',
    policy: HEADERS_LIST,
    request: preflight(APP, 'PUT'),
    expect: allowedDefaultPreflight(APP),
  },
  {
    id: 'preflight/headers-trimmed-and-case-insensitive',
    spec: '§5',
    policy: HEADERS_LIST,
    request: preflight(APP, 'PUT', 'X-Custom ,\tContent-Type'),
    expect: allowedPreflight(LISTED),
  },
  {
    id: 'preflight/headers-empty-elements-ignored',
    spec: '§5',
    policy: HEADERS_LIST,
    request: preflight(APP, 'PUT', 'x-custom,,content-type,'),
    expect: allowedPreflight(LISTED),
  },
  {
    id: 'preflight/headers-on-two-lines',
    spec: '§5',
    policy: HEADERS_LIST,
    request: preflight(APP, 'PUT', ['x-custom', 'Content-Type']),
    expect: allowedPreflight(LISTED),
  },
  {
    id: 'preflight/headers-not-listed-refused-lower-cased',
    spec: '§5',
    policy: HEADERS_LIST,
    request: preflight(APP, 'PUT', 'x-custom, X-Other'),
    expect: refusedPreflight({ reason: 'header', origin: APP, requestMethod: 'PUT', header: 'x-other' }),
  },
  {
    id: 'preflight/headers-first-refused-name-reported',
    spec: '§8',
    policy: HEADERS_LIST,
    request: preflight(APP, 'PUT', 'X-B, x-custom, x-c'),
    expect: refusedPreflight({ reason: 'header', origin: APP, requestMethod: 'PUT', header: 'x-b' }),
  },
  {
    id: 'preflight/headers-not-a-token-is-malformed',
    spec: '§5',
    policy: ANY,
    request: preflight(APP, 'PUT', 'x-custom, x@custom'),
    expect: refusedPreflight(
      { reason: 'malformed', origin: APP, requestMethod: 'PUT' },
      { vary: VARY_PREFLIGHT_ANY_ORIGIN },
    ),
  },
  {
    id: 'preflight/headers-inner-space-is-malformed',
    spec: '§5',
    policy: HEADERS_LIST,
    request: preflight(APP, 'PUT', 'x custom'),
    expect: refusedPreflight({ reason: 'malformed', origin: APP, requestMethod: 'PUT' }),
  },
  {
    id: 'preflight/headers-64-names-allowed',
    spec: '§5',
    policy: ANY,
    request: preflight(APP, 'PUT', names(64)),
    expect: allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: '*' }),
  },
  {
    id: 'preflight/headers-65-names-malformed',
    spec: '§5',
    policy: ANY,
    request: preflight(APP, 'PUT', names(65)),
    expect: refusedPreflight(
      { reason: 'malformed', origin: APP, requestMethod: 'PUT' },
      { vary: VARY_PREFLIGHT_ANY_ORIGIN },
    ),
  },
  {
    id: 'preflight/headers-65-names-on-two-lines-malformed',
    spec: '§5',
    policy: ANY,
    request: preflight(APP, 'PUT', [names(40, 'a'), names(25, 'b')]),
    expect: refusedPreflight(
      { reason: 'malformed', origin: APP, requestMethod: 'PUT' },
      { vary: VARY_PREFLIGHT_ANY_ORIGIN },
    ),
  },
  {
    id: 'preflight/headers-over-1024-bytes-one-name-malformed',
    spec: '§5',
    policy: ANY,
    request: preflight(APP, 'PUT', `x-${'a'.repeat(1100)}`),
    expect: refusedPreflight(
      { reason: 'malformed', origin: APP, requestMethod: 'PUT' },
      { vary: VARY_PREFLIGHT_ANY_ORIGIN },
    ),
  },
  {
    id: 'preflight/headers-over-1024-bytes-in-all-malformed',
    spec: '§5',
    policy: ANY,
    request: preflight(
      APP,
      'PUT',
      Array.from({ length: 20 }, (_, i) => `x-${i}-${'a'.repeat(60)}`).join(','),
    ),
    expect: refusedPreflight(
      { reason: 'malformed', origin: APP, requestMethod: 'PUT' },
      { vary: VARY_PREFLIGHT_ANY_ORIGIN },
    ),
  },
  {
    id: 'preflight/headers-comma-string-config',
    spec: '§2',
    policy: HEADERS_STRING,
    request: preflight(APP, 'PUT', 'x-b'),
    expect: allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'x-a,x-b' }),
  },
  {
    id: 'preflight/headers-star-without-credentials',
    spec: '§5',
    policy: ANY,
    request: preflight(APP, 'PUT', 'X-Custom, Content-Type'),
    expect: allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: '*' }),
  },
  {
    id: 'preflight/headers-star-adds-authorization',
    spec: '§5',
    policy: ANY,
    request: preflight(APP, 'PUT', 'X-Custom, Authorization'),
    expect: allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: '*,authorization' }),
  },
  {
    id: 'preflight/credentials-reflects-headers',
    spec: '§5',
    policy: HEADERS_ANY_CREDENTIALS,
    request: preflight(APP, 'PUT', 'X-Custom, Content-Type'),
    expect: allowedPreflight({
      [ACAO]: APP,
      [ACAC]: 'true',
      [ACAM]: DEFAULT_METHODS,
      [ACAH]: 'x-custom,content-type',
    }),
  },
  {
    id: 'preflight/credentials-reflects-authorization',
    spec: '§5',
    policy: HEADERS_ANY_CREDENTIALS,
    request: preflight(APP, 'PUT', 'Authorization'),
    expect: allowedPreflight({
      [ACAO]: APP,
      [ACAC]: 'true',
      [ACAM]: DEFAULT_METHODS,
      [ACAH]: 'authorization',
    }),
  },
  {
    id: 'preflight/credentials-without-acrh-no-allow-headers',
    spec: '§5',
    policy: HEADERS_ANY_CREDENTIALS,
    request: preflight(APP, 'PUT'),
    expect: allowedPreflight({ [ACAO]: APP, [ACAC]: 'true', [ACAM]: DEFAULT_METHODS }),
  },
]
