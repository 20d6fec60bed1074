import type { ConformanceCase } from '../case'
import { ACAM, ACAO, ACRM, VARY_PREFLIGHT_PNA } from '../header-names'
import {
  allowedActual,
  allowedDefaultPreflight,
  allowedPreflight,
  GET_RESOURCE,
  notCors,
  OPTIONS_RESOURCE,
  refusedActual,
  refusedPreflight,
} from './outcomes'
import { ANY, APP, EVIL, FN_ALL, HEADERS_LIST, LIST, PNA, REGEXP_LONG } from './policies'
import { get, pnaPreflight, preflight, request } from './requests'

/** An origin of exactly `length` bytes that `REGEXP_LONG` matches: labels of `a` under `example.com`. */
export function longOrigin(length: number): string {
  const head = 'https://'
  const tail = '.example.com'
  let labels = ''
  // DNS-sized labels: a dot after every 60 letters, never at the end.
  for (let i = 0; i < length - head.length - tail.length; i++) labels += i % 61 === 60 ? '.' : 'a'
  if (labels.endsWith('.')) labels = `${labels.slice(0, -1)}a`
  return head + labels + tail
}

const ORIGIN_1024 = longOrigin(1024)
const ORIGIN_1025 = longOrigin(1025)
const TWO_LINES = ['https://a.example', 'https://b.example']

/** semantics.md §1: what makes a request CORS, a preflight, or neither. */
export const classifyCases: readonly ConformanceCase[] = [
  {
    id: 'classify/no-origin-is-not-cors',
    spec: '§1',
    policy: LIST,
    request: get('/resource', undefined),
    expect: notCors(GET_RESOURCE),
  },
  {
    id: 'classify/options-with-acrm-but-no-origin-reaches-app',
    spec: '§1',
    policy: LIST,
    request: request('OPTIONS', '/resource', undefined, { [ACRM]: 'PUT' }),
    expect: notCors(OPTIONS_RESOURCE),
  },
  {
    id: 'classify/empty-origin-is-not-cors',
    spec: '§1',
    policy: LIST,
    request: get('/resource', ''),
    expect: notCors(GET_RESOURCE),
  },
  {
    id: 'classify/empty-origin-under-any-is-not-cors',
    spec: '§1',
    policy: ANY,
    request: get('/resource', ''),
    expect: notCors(GET_RESOURCE, { headers: { [ACAO]: '*' } }),
  },
  {
    id: 'classify/empty-origin-preflight-reaches-app',
    spec: '§1',
    policy: LIST,
    request: preflight('', 'PUT'),
    expect: notCors(OPTIONS_RESOURCE),
  },
  {
    id: 'classify/options-without-acrm-is-actual',
    spec: '§1',
    policy: LIST,
    request: request('OPTIONS', '/resource', APP),
    expect: allowedActual(APP, OPTIONS_RESOURCE),
  },
  {
    id: 'classify/options-with-empty-acrm-is-actual',
    spec: '§1',
    policy: LIST,
    request: request('OPTIONS', '/resource', APP, { [ACRM]: '' }),
    expect: allowedActual(APP, OPTIONS_RESOURCE),
  },
  {
    id: 'classify/options-without-acrm-refused-origin-reaches-app',
    spec: '§1',
    policy: LIST,
    request: request('OPTIONS', '/resource', EVIL),
    expect: refusedActual(EVIL, OPTIONS_RESOURCE, { method: 'OPTIONS' }),
  },
  {
    id: 'classify/get-with-acrm-is-actual',
    spec: '§1',
    policy: LIST,
    request: request('GET', '/resource', APP, { [ACRM]: 'PUT' }),
    expect: allowedActual(APP, GET_RESOURCE),
  },
  {
    id: 'classify/origin-of-1024-bytes-allowed',
    spec: '§1',
    policy: REGEXP_LONG,
    request: get('/resource', ORIGIN_1024),
    expect: allowedActual(ORIGIN_1024, GET_RESOURCE),
  },
  {
    id: 'classify/origin-over-1024-bytes-refused',
    spec: '§1',
    policy: REGEXP_LONG,
    request: get('/resource', ORIGIN_1025),
    // §8: the rejection carries the origin cut to its first 1024 bytes.
    expect: refusedActual(ORIGIN_1025.slice(0, 1024), GET_RESOURCE),
  },
  {
    id: 'classify/origin-over-1024-bytes-preflight-refused',
    spec: '§1',
    policy: REGEXP_LONG,
    request: preflight(ORIGIN_1025, 'PUT'),
    expect: refusedPreflight({ reason: 'origin', origin: ORIGIN_1025.slice(0, 1024), requestMethod: 'PUT' }),
  },
  {
    id: 'classify/origin-over-1024-bytes-never-reaches-function',
    spec: '§1',
    policy: FN_ALL,
    request: get('/resource', ORIGIN_1025),
    expect: refusedActual(ORIGIN_1025.slice(0, 1024), GET_RESOURCE),
  },
  {
    id: 'classify/origin-over-1024-bytes-under-any',
    spec: '§1',
    policy: ANY,
    request: get('/resource', ORIGIN_1025),
    expect: allowedActual('*', GET_RESOURCE),
  },
  {
    id: 'classify/origin-on-two-lines-never-reaches-function',
    spec: '§1',
    policy: FN_ALL,
    request: get('/resource', TWO_LINES),
    expect: refusedActual(TWO_LINES.join(', '), GET_RESOURCE),
  },
  {
    id: 'classify/origin-on-two-lines-refused-even-if-listed',
    spec: '§1',
    policy: LIST,
    request: get('/resource', [APP, APP]),
    expect: refusedActual(`${APP}, ${APP}`, GET_RESOURCE),
  },
  {
    id: 'classify/origin-on-two-lines-preflight-refused',
    spec: '§1',
    policy: LIST,
    request: preflight([APP, APP], 'PUT'),
    expect: refusedPreflight({ reason: 'origin', origin: `${APP}, ${APP}`, requestMethod: 'PUT' }),
  },
  {
    id: 'classify/origin-on-two-lines-under-any',
    spec: '§1',
    policy: ANY,
    request: get('/resource', TWO_LINES),
    expect: allowedActual('*', GET_RESOURCE),
  },
  {
    id: 'classify/acrm-on-two-lines-is-malformed',
    spec: '§1',
    policy: LIST,
    request: preflight(APP, ['GET', 'PUT']),
    expect: refusedPreflight({ reason: 'malformed', origin: APP, requestMethod: 'GET, PUT' }),
  },
  {
    id: 'classify/acrpn-on-two-lines-does-not-count',
    spec: '§1',
    policy: PNA,
    request: pnaPreflight(APP, 'PUT', ['true', 'true']),
    expect: allowedPreflight(
      { [ACAO]: APP, [ACAM]: 'GET,HEAD,PUT,PATCH,POST,DELETE' },
      { vary: VARY_PREFLIGHT_PNA },
    ),
  },
  {
    id: 'classify/acrpn-on-two-lines-without-private-network-is-not-refused',
    spec: '§1',
    policy: LIST,
    request: pnaPreflight(APP, 'PUT', ['true', 'true']),
    expect: allowedDefaultPreflight(APP),
  },
  {
    id: 'classify/acrh-of-empty-elements-counts-as-absent',
    spec: '§1',
    policy: HEADERS_LIST,
    request: preflight(APP, 'PUT', ' , ,'),
    expect: allowedDefaultPreflight(APP),
  },
  {
    id: 'classify/empty-acrh-counts-as-absent',
    spec: '§1',
    policy: HEADERS_LIST,
    request: preflight(APP, 'PUT', ''),
    expect: allowedDefaultPreflight(APP),
  },
]
