import type { CaseExpectation, ConformanceCase } from '../case'
import { ALL_CORS_HEADERS } from '../header-names'
import {
  allowedActual,
  DELETE_RESOURCE,
  GET_RESOURCE,
  notCors,
  POST_RESOURCE,
  PUT_RESOURCE,
  refusedActual,
} from './outcomes'
import { APP, CSRF, CSRF_FORWARDED_HOST, CSRF_REPORT_ONLY, EVIL } from './policies'
import { request } from './requests'

/** The host the cases say the browser addressed (sent as `Host`, which every server reads). */
const API = 'api.example.com'
const SELF = `https://${API}`

/** A forged request refused by `csrf` (§10): a bare 403, no CORS header, the route not run. */
function forged(origin: string | undefined, method: string): CaseExpectation {
  return {
    status: 403,
    body: '',
    handlerCalled: false,
    absent: ALL_CORS_HEADERS,
    vary: { exact: ['Origin'] },
    rejection: { kind: 'actual', reason: 'csrf', origin: origin ?? '', method },
  }
}

const post = (origin: string | undefined, headers: Record<string, string> = {}) =>
  request('POST', '/resource', origin, { host: API, ...headers })
const site = (value: string) => ({ 'sec-fetch-site': value })

/** semantics.md §10: every row of the table, over real HTTP. */
export const csrfCases: readonly ConformanceCase[] = [
  {
    id: 'csrf/same-origin-passes',
    spec: '§10',
    policy: CSRF,
    request: post(SELF, site('same-origin')),
    expect: refusedActual(SELF, POST_RESOURCE, { method: 'POST' }),
  },
  {
    id: 'csrf/user-initiated-passes',
    spec: '§10',
    policy: CSRF,
    request: post(undefined, site('none')),
    expect: notCors(POST_RESOURCE),
  },
  {
    id: 'csrf/cross-site-allowed-origin-passes-with-cors-headers',
    spec: '§10',
    policy: CSRF,
    request: post(APP, site('cross-site')),
    expect: allowedActual(APP, POST_RESOURCE, { headers: { 'access-control-allow-credentials': 'true' } }),
  },
  {
    id: 'csrf/same-site-allowed-origin-passes',
    spec: '§10',
    policy: CSRF,
    request: request('PUT', '/resource', APP, { host: API, ...site('same-site') }),
    expect: allowedActual(APP, PUT_RESOURCE, { headers: { 'access-control-allow-credentials': 'true' } }),
  },
  {
    id: 'csrf/cross-site-refused-origin-is-forged',
    spec: '§10',
    policy: CSRF,
    request: post(EVIL, site('cross-site')),
    expect: forged(EVIL, 'POST'),
  },
  {
    id: 'csrf/same-site-refused-origin-is-forged',
    spec: '§10',
    policy: CSRF,
    request: request('DELETE', '/resource', EVIL, { host: API, ...site('same-site') }),
    expect: forged(EVIL, 'DELETE'),
  },
  {
    id: 'csrf/cross-site-without-origin-is-forged',
    spec: '§10',
    policy: CSRF,
    request: post(undefined, site('cross-site')),
    expect: forged(undefined, 'POST'),
  },
  {
    id: 'csrf/unknown-fetch-site-counts-as-cross-site',
    spec: '§10',
    policy: CSRF,
    request: post(EVIL, site('cross-origin')),
    expect: forged(EVIL, 'POST'),
  },
  {
    id: 'csrf/no-metadata-no-origin-passes',
    spec: '§10',
    policy: CSRF,
    request: post(undefined),
    expect: notCors(POST_RESOURCE),
  },
  {
    id: 'csrf/no-metadata-origin-on-own-host-passes',
    spec: '§10',
    policy: CSRF,
    request: post(SELF),
    expect: refusedActual(SELF, POST_RESOURCE, { method: 'POST' }),
  },
  {
    id: 'csrf/no-metadata-other-origin-is-forged',
    spec: '§10',
    policy: CSRF,
    request: post(EVIL),
    expect: forged(EVIL, 'POST'),
  },
  {
    id: 'csrf/no-metadata-null-origin-is-forged',
    spec: '§10',
    policy: CSRF,
    request: post('null'),
    expect: forged('null', 'POST'),
  },
  {
    id: 'csrf/no-metadata-same-host-other-port-is-forged',
    spec: '§10',
    policy: CSRF,
    request: post(`${SELF}:8443`),
    expect: forged(`${SELF}:8443`, 'POST'),
  },
  {
    id: 'csrf/get-never-refused',
    spec: '§10',
    policy: CSRF,
    request: request('GET', '/resource', EVIL, { host: API, ...site('cross-site') }),
    expect: refusedActual(EVIL, GET_RESOURCE),
  },
  {
    id: 'csrf/report-only-reports-and-passes',
    spec: '§10',
    policy: CSRF_REPORT_ONLY,
    request: request('DELETE', '/resource', EVIL, { host: API, ...site('cross-site') }),
    expect: {
      ...refusedActual(EVIL, DELETE_RESOURCE, { method: 'DELETE' }),
      rejection: { kind: 'actual', reason: 'csrf', origin: EVIL, method: 'DELETE' },
    },
  },
  {
    id: 'csrf/host-header-from-trusted-proxy',
    spec: '§10',
    policy: CSRF_FORWARDED_HOST,
    request: post(SELF, { 'x-forwarded-host': API, host: 'internal:8080' }),
    expect: refusedActual(SELF, POST_RESOURCE, { method: 'POST' }),
  },
  {
    id: 'csrf/host-header-from-trusted-proxy-refuses-other',
    spec: '§10',
    policy: CSRF_FORWARDED_HOST,
    request: post(SELF, { 'x-forwarded-host': 'other.example.com', host: API }),
    expect: forged(SELF, 'POST'),
  },
]
