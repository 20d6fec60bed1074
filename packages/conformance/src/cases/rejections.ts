import type { ConformanceCase } from '../case'
import { GET_RESOURCE, refusedActual, refusedPreflight } from './outcomes'
import { APP, EVIL, HEADERS_LIST, LIST, ON_REJECT_REJECTS, ON_REJECT_THROWS } from './policies'
import { get, preflight } from './requests'

/** semantics.md §8: what `onReject` receives, which reason wins, and that it cannot break a response. */
export const rejectionCases: readonly ConformanceCase[] = [
  {
    id: 'reject/origin-given-as-received',
    spec: '§8',
    policy: LIST,
    request: get('/resource', 'HTTPS://Evil.Example'),
    expect: refusedActual('HTTPS://Evil.Example', GET_RESOURCE),
  },
  {
    id: 'reject/origin-before-malformed',
    spec: '§8',
    policy: HEADERS_LIST,
    request: preflight(EVIL, 'GET, PUT', 'x@y'),
    expect: refusedPreflight({ reason: 'origin', origin: EVIL, requestMethod: 'GET, PUT' }),
  },
  {
    id: 'reject/malformed-before-method',
    spec: '§8',
    policy: HEADERS_LIST,
    request: preflight(APP, 'patch', 'x@y'),
    expect: refusedPreflight({ reason: 'malformed', origin: APP, requestMethod: 'patch' }),
  },
  {
    id: 'reject/method-before-header',
    spec: '§8',
    policy: HEADERS_LIST,
    request: preflight(APP, 'patch', 'x-other'),
    expect: refusedPreflight({ reason: 'method', origin: APP, requestMethod: 'patch' }),
  },
  {
    id: 'reject/header-before-private-network',
    spec: '§8',
    policy: HEADERS_LIST,
    request: preflight(APP, 'PUT', 'x-other', { 'access-control-request-private-network': 'true' }),
    expect: refusedPreflight({ reason: 'header', origin: APP, requestMethod: 'PUT', header: 'x-other' }),
  },
  {
    id: 'reject/throwing-on-reject-swallowed-actual',
    spec: '§8',
    policy: ON_REJECT_THROWS,
    request: get('/resource', EVIL),
    expect: refusedActual(EVIL, GET_RESOURCE),
  },
  {
    id: 'reject/throwing-on-reject-swallowed-preflight',
    spec: '§8',
    policy: ON_REJECT_THROWS,
    request: preflight(EVIL, 'PUT'),
    expect: refusedPreflight({ reason: 'origin', origin: EVIL, requestMethod: 'PUT' }),
  },
  {
    id: 'reject/rejecting-on-reject-swallowed-actual',
    spec: '§8',
    policy: ON_REJECT_REJECTS,
    request: get('/resource', EVIL),
    expect: refusedActual(EVIL, GET_RESOURCE),
  },
  {
    id: 'reject/rejecting-on-reject-swallowed-preflight',
    spec: '§8',
    policy: ON_REJECT_REJECTS,
    request: preflight(APP, 'patch'),
    expect: refusedPreflight({ reason: 'method', origin: APP, requestMethod: 'patch' }),
  },
]
