import type { ConformanceCase, PolicySource } from '../case'
import { ACAC, ACAM, ACAO, ALL_CORS_HEADERS } from '../header-names'
import {
  allowedActual,
  allowedPreflight,
  DEFAULT_METHODS,
  GET_RESOURCE,
  notCors,
  refusedActual,
  refusedPreflight,
} from './outcomes'
import {
  ANY,
  ANY_PORT,
  APP,
  DEFAULT_PORTS,
  FN_ALL_CREDENTIALS,
  FN_ASYNC,
  FN_ONE,
  FN_REJECTS,
  FN_THROWS,
  FN_TRUTHY,
  IPV6,
  LIST,
  LOCAL,
  MIXED,
  NULL_ORIGIN,
  REGEXP,
  REGEXP_WITH_NULL,
  REGEXP_WITH_NULL_CREDENTIALS,
  SUBDOMAINS,
  SUBDOMAINS_ANY_PORT,
  UPPER_CASE,
} from './policies'
import { get, preflight } from './requests'

function allows(id: string, policy: PolicySource, origin: string): ConformanceCase {
  return {
    id: `origin/${id}`,
    spec: '§2',
    policy,
    request: get('/resource', origin),
    expect: allowedActual(origin, GET_RESOURCE),
  }
}

function refuses(id: string, policy: PolicySource, origin: string): ConformanceCase {
  return {
    id: `origin/${id}`,
    spec: '§2',
    policy,
    request: get('/resource', origin),
    expect: refusedActual(origin, GET_RESOURCE),
  }
}

/** semantics.md §2, origin forms: which `Origin` values each kind of entry grants. */
export const originCases: readonly ConformanceCase[] = [
  allows('exact-allowed', LIST, APP),
  allows('exact-second-entry-allowed', LIST, LOCAL),
  refuses('exact-other-origin-refused', LIST, 'https://evil.example'),
  refuses('exact-trailing-slash-refused', LIST, `${APP}/`),
  refuses('exact-upper-case-request-refused', LIST, 'https://APP.example.com'),
  refuses('exact-other-port-refused', LIST, 'http://localhost:3001'),
  refuses('exact-other-scheme-refused', LIST, 'http://app.example.com'),
  refuses('exact-suffix-look-alike-refused', LIST, `${APP}.evil.net`),
  refuses('exact-prefix-look-alike-refused', LIST, 'https://evilapp.example.com'),
  refuses('exact-null-not-listed-refused', LIST, 'null'),

  allows('default-https-port-dropped-from-policy', DEFAULT_PORTS, 'https://a.com'),
  allows('default-http-port-dropped-from-policy', DEFAULT_PORTS, 'http://b.com'),
  refuses('default-port-in-request-compared-byte-for-byte', DEFAULT_PORTS, 'https://a.com:443'),
  allows('other-port-kept', DEFAULT_PORTS, 'https://c.com:8443'),
  refuses('other-port-required', DEFAULT_PORTS, 'https://c.com'),

  allows('upper-case-policy-lower-cased', UPPER_CASE, APP),

  allows('null-literal-allowed', NULL_ORIGIN, 'null'),
  refuses('null-literal-policy-refuses-others', NULL_ORIGIN, APP),

  allows('ipv6-allowed', IPV6, 'http://[::1]:8080'),
  refuses('ipv6-other-port-refused', IPV6, 'http://[::1]:8081'),
  refuses('ipv6-other-address-refused', IPV6, 'http://[::2]:8080'),

  allows('subdomain-one-label', SUBDOMAINS, 'https://a.example.com'),
  allows('subdomain-two-labels', SUBDOMAINS, 'https://a.b.example.com'),
  refuses('subdomain-bare-domain-refused', SUBDOMAINS, 'https://example.com'),
  refuses('subdomain-glued-look-alike-refused', SUBDOMAINS, 'https://evilexample.com'),
  refuses('subdomain-other-scheme-refused', SUBDOMAINS, 'http://a.example.com'),
  refuses('subdomain-other-port-refused', SUBDOMAINS, 'https://a.example.com:8443'),
  refuses('subdomain-suffix-look-alike-refused', SUBDOMAINS, 'https://a.example.com.evil.net'),
  refuses('subdomain-empty-label-refused', SUBDOMAINS, 'https://.example.com'),

  allows('port-wildcard-any-port', ANY_PORT, 'http://localhost:3000'),
  allows('port-wildcard-no-port', ANY_PORT, 'http://localhost'),
  refuses('port-wildcard-other-scheme-refused', ANY_PORT, 'https://localhost:3000'),
  refuses('port-wildcard-longer-host-refused', ANY_PORT, 'http://localhostx:3000'),
  refuses('port-wildcard-suffix-look-alike-refused', ANY_PORT, 'http://localhost.evil.net:3000'),
  refuses('port-wildcard-other-host-refused', ANY_PORT, 'http://127.0.0.1:3000'),

  allows('both-wildcards-port', SUBDOMAINS_ANY_PORT, 'https://a.example.com:8443'),
  allows('both-wildcards-no-port', SUBDOMAINS_ANY_PORT, 'https://a.b.example.com'),
  refuses('both-wildcards-bare-domain-refused', SUBDOMAINS_ANY_PORT, 'https://example.com:8443'),
  refuses('both-wildcards-other-scheme-refused', SUBDOMAINS_ANY_PORT, 'http://a.example.com:8443'),

  {
    id: 'origin/any-answered-literally',
    spec: '§2',
    policy: ANY,
    request: get('/resource', 'https://anyone.example'),
    expect: allowedActual('*', GET_RESOURCE),
  },
  {
    id: 'origin/any-answers-null-literally',
    spec: '§2',
    policy: ANY,
    request: get('/resource', 'null'),
    expect: allowedActual('*', GET_RESOURCE),
  },

  allows('regexp-allowed', REGEXP, 'https://b.example.org'),
  refuses('regexp-refused', REGEXP, 'https://c.example.org'),
  refuses('regexp-whole-value-refused', REGEXP, 'https://a.example.org.evil.net'),
  refuses('regexp-never-matches-null', REGEXP, 'null'),
  allows('regexp-matching-null-allows-null', REGEXP_WITH_NULL, 'null'),
  // §2: with credentials, `null` is refused whatever approves it; other origins still pass.
  refuses('regexp-matching-null-refuses-null-with-credentials', REGEXP_WITH_NULL_CREDENTIALS, 'null'),
  {
    id: 'origin/regexp-matching-null-refuses-null-preflight-with-credentials',
    spec: '§2',
    policy: REGEXP_WITH_NULL_CREDENTIALS,
    request: preflight('null', 'PUT'),
    expect: refusedPreflight({ reason: 'origin', origin: 'null', requestMethod: 'PUT' }),
  },
  {
    id: 'origin/regexp-matching-null-still-allows-others-with-credentials',
    spec: '§2',
    policy: REGEXP_WITH_NULL_CREDENTIALS,
    request: get('/resource', 'https://r.example.org'),
    expect: allowedActual('https://r.example.org', GET_RESOURCE, { headers: { [ACAC]: 'true' } }),
  },

  allows('array-exact-entry', MIXED, 'https://exact.example.net'),
  allows('array-regexp-entry', MIXED, 'https://abc.regexp.example'),
  allows('array-wildcard-entry', MIXED, 'https://a.wild.example'),
  refuses('array-no-entry-refused', MIXED, 'https://wild.example'),

  allows('function-true-allows-with-native-request', FN_ONE, 'https://fn.example'),
  refuses('function-false-refuses', FN_ONE, 'https://other.example'),
  refuses('function-truthy-non-true-refuses', FN_TRUTHY, 'https://truthy.example'),
  refuses('function-approving-null-refuses-null-with-credentials', FN_ALL_CREDENTIALS, 'null'),
  {
    id: 'origin/function-approving-null-refuses-null-preflight-with-credentials',
    spec: '§2',
    policy: FN_ALL_CREDENTIALS,
    request: preflight('null', 'PUT'),
    expect: refusedPreflight({ reason: 'origin', origin: 'null', requestMethod: 'PUT' }),
  },
  {
    id: 'origin/function-approving-all-still-allows-others-with-credentials',
    spec: '§2',
    policy: FN_ALL_CREDENTIALS,
    request: preflight('https://fn.example', 'PUT'),
    expect: allowedPreflight({
      [ACAO]: 'https://fn.example',
      [ACAC]: 'true',
      [ACAM]: DEFAULT_METHODS,
    }),
  },
  {
    id: 'origin/function-async-true-allows',
    spec: '§2',
    policy: FN_ASYNC,
    request: get('/resource', 'https://async.example'),
    expect: allowedActual('https://async.example', GET_RESOURCE, { headers: { [ACAC]: 'true' } }),
  },
  refuses('function-async-false-refuses', FN_ASYNC, 'https://other.example'),
  {
    id: 'origin/function-async-preflight-allowed',
    spec: '§2',
    policy: FN_ASYNC,
    request: preflight('https://async.example', 'PUT'),
    expect: allowedPreflight({
      [ACAO]: 'https://async.example',
      [ACAC]: 'true',
      [ACAM]: DEFAULT_METHODS,
    }),
  },
  {
    id: 'origin/function-async-preflight-refused',
    spec: '§2',
    policy: FN_ASYNC,
    request: preflight('https://other.example', 'PUT'),
    expect: refusedPreflight({ reason: 'origin', origin: 'https://other.example', requestMethod: 'PUT' }),
  },
  {
    id: 'origin/function-not-called-without-origin',
    spec: '§2',
    policy: FN_THROWS,
    request: get('/resource', undefined),
    expect: notCors(GET_RESOURCE),
  },
  {
    id: 'origin/function-throws-goes-to-error-handling',
    spec: '§2',
    policy: FN_THROWS,
    request: get('/resource', APP),
    // No rejection: an origin function that throws is an error, not a refusal (§8).
    expect: { status: '5xx', handlerCalled: false, absent: ALL_CORS_HEADERS },
  },
  {
    id: 'origin/function-throws-on-preflight-goes-to-error-handling',
    spec: '§2',
    policy: FN_THROWS,
    request: preflight(APP, 'PUT'),
    expect: { status: '5xx', handlerCalled: false, absent: ALL_CORS_HEADERS },
  },
  {
    id: 'origin/function-rejects-goes-to-error-handling',
    spec: '§2',
    policy: FN_REJECTS,
    request: get('/resource', APP),
    expect: { status: '5xx', handlerCalled: false, absent: ALL_CORS_HEADERS },
  },
  {
    id: 'origin/function-rejects-on-options-without-acrm',
    spec: '§2',
    policy: FN_REJECTS,
    request: { method: 'OPTIONS', path: '/resource', headers: { origin: APP } },
    expect: { status: '5xx', handlerCalled: false, absent: ALL_CORS_HEADERS },
  },
]
