import type { ConformanceCase } from '../case'
import { ACAO, VARY_PREFLIGHT, VARY_PREFLIGHT_PNA } from '../header-names'
import {
  allowedActual,
  allowedDefaultPreflight,
  GET_RESOURCE,
  notCors,
  refusedActual,
  refusedPreflight,
  VARY_ROUTE,
  VARY_STAR_ROUTE,
} from './outcomes'
import { ANY, ANY_PNA, APP, EVIL, LIST } from './policies'
import { get, preflight, request } from './requests'

const APP_VARY = ['Accept-Encoding', 'Origin']

/** semantics.md §6: `Vary` on every kind of response, merged into the application's own. */
export const varyCases: readonly ConformanceCase[] = [
  {
    id: 'vary/merged-with-app-vary',
    spec: '§6',
    policy: LIST,
    request: get('/vary', APP),
    expect: allowedActual(APP, VARY_ROUTE, { vary: APP_VARY }),
  },
  {
    id: 'vary/merged-on-refused-origin',
    spec: '§6',
    policy: LIST,
    request: get('/vary', EVIL),
    expect: refusedActual(EVIL, VARY_ROUTE, { vary: APP_VARY }),
  },
  {
    id: 'vary/merged-on-not-cors',
    spec: '§6',
    policy: LIST,
    request: get('/vary', undefined),
    expect: notCors(VARY_ROUTE, { vary: APP_VARY }),
  },
  {
    id: 'vary/star-left-alone',
    spec: '§6',
    policy: LIST,
    request: get('/vary-star', APP),
    expect: allowedActual(APP, VARY_STAR_ROUTE, { vary: ['*'] }),
  },
  {
    id: 'vary/star-left-alone-on-refused-origin',
    spec: '§6',
    policy: LIST,
    request: get('/vary-star', EVIL),
    expect: refusedActual(EVIL, VARY_STAR_ROUTE, { vary: ['*'] }),
  },
  {
    id: 'vary/star-left-alone-on-not-cors',
    spec: '§6',
    policy: LIST,
    request: get('/vary-star', undefined),
    expect: notCors(VARY_STAR_ROUTE, { vary: ['*'] }),
  },
  {
    id: 'vary/request-vary-never-read',
    spec: '§6',
    policy: LIST,
    request: request('GET', '/resource', APP, { vary: 'Origin, X-Request' }),
    expect: allowedActual(APP, GET_RESOURCE),
  },
  {
    id: 'vary/refused-preflight-varies',
    spec: '§6',
    policy: LIST,
    request: preflight(EVIL, 'PUT', 'x-custom'),
    expect: refusedPreflight(
      { reason: 'origin', origin: EVIL, requestMethod: 'PUT' },
      { vary: VARY_PREFLIGHT },
    ),
  },
  {
    id: 'vary/any-origin-actual-does-not-vary',
    spec: '§6',
    policy: ANY,
    request: get('/resource', APP),
    expect: allowedActual('*', GET_RESOURCE, { vary: [] }),
  },
  {
    id: 'vary/any-origin-keeps-app-vary',
    spec: '§6',
    policy: ANY,
    request: get('/vary', APP),
    expect: allowedActual('*', VARY_ROUTE, { vary: ['Accept-Encoding'] }),
  },
  {
    id: 'vary/any-origin-star-left-alone',
    spec: '§6',
    policy: ANY,
    request: get('/vary-star', undefined),
    expect: notCors(VARY_STAR_ROUTE, { headers: { [ACAO]: '*' }, vary: ['*'] }),
  },
  {
    id: 'vary/any-origin-preflight-varies-on-request-headers-only',
    spec: '§6',
    policy: ANY,
    request: preflight(APP, 'PUT'),
    expect: allowedDefaultPreflight('*'),
  },
  {
    id: 'vary/any-origin-private-network-preflight',
    spec: '§6',
    policy: ANY_PNA,
    request: preflight(APP, 'PUT'),
    expect: { ...allowedDefaultPreflight('*'), vary: { exact: VARY_PREFLIGHT_PNA.slice(1) } },
  },
]
