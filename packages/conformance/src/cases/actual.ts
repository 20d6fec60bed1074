import type { ConformanceCase } from '../case'
import { ACAC, ACAO, ACEH } from '../header-names'
import {
  allowedActual,
  DELETE_RESOURCE,
  GET_RESOURCE,
  MISSING,
  notCors,
  PATCH_RESOURCE,
  POST_RESOURCE,
  PUT_RESOURCE,
  ROOT,
  refusedActual,
  TEAPOT,
  THROWS,
} from './outcomes'
import { ANY, ANY_EXPOSED, ANY_EXPOSED_STAR, APP, CREDENTIALS, EVIL, LIST } from './policies'
import { get, request } from './requests'

/** What an allowed origin gets under `CREDENTIALS`. */
const GRANTED = { [ACAC]: 'true', [ACEH]: 'x-total,x-page' }

/** semantics.md §4: actual requests, allowed or not, and error responses. */
export const actualCases: readonly ConformanceCase[] = [
  {
    id: 'actual/allowed-reflects-origin',
    spec: '§4',
    policy: LIST,
    request: get('/', APP),
    expect: allowedActual(APP, ROOT),
  },
  {
    id: 'actual/credentials-and-exposed-headers',
    spec: '§4',
    policy: CREDENTIALS,
    request: get('/resource', APP),
    expect: allowedActual(APP, GET_RESOURCE, { headers: GRANTED }),
  },
  {
    id: 'actual/refused-gets-no-cors-headers-but-reaches-app',
    spec: '§4',
    policy: CREDENTIALS,
    request: get('/resource', EVIL),
    expect: refusedActual(EVIL, GET_RESOURCE),
  },
  {
    id: 'actual/not-cors-gets-no-cors-headers',
    spec: '§4',
    policy: CREDENTIALS,
    request: get('/resource', undefined),
    expect: notCors(GET_RESOURCE),
  },
  {
    id: 'actual/post-keeps-app-status',
    spec: '§4',
    policy: CREDENTIALS,
    request: request('POST', '/resource', APP),
    expect: allowedActual(APP, POST_RESOURCE, { headers: GRANTED }),
  },
  {
    id: 'actual/put-allowed',
    spec: '§4',
    policy: CREDENTIALS,
    request: request('PUT', '/resource', APP),
    expect: allowedActual(APP, PUT_RESOURCE, { headers: GRANTED }),
  },
  {
    id: 'actual/patch-allowed',
    spec: '§4',
    policy: CREDENTIALS,
    request: request('PATCH', '/resource', APP),
    expect: allowedActual(APP, PATCH_RESOURCE, { headers: GRANTED }),
  },
  {
    id: 'actual/delete-refused-still-runs',
    spec: '§4',
    policy: CREDENTIALS,
    request: request('DELETE', '/resource', EVIL),
    expect: refusedActual(EVIL, DELETE_RESOURCE, { method: 'DELETE' }),
  },
  {
    id: 'actual/any-exposes-headers',
    spec: '§4',
    policy: ANY_EXPOSED,
    request: get('/resource', APP),
    expect: allowedActual('*', GET_RESOURCE, { headers: { [ACEH]: 'x-total,x-page' } }),
  },
  {
    id: 'actual/any-not-cors-still-gets-star-and-exposed',
    spec: '§4',
    policy: ANY_EXPOSED,
    request: get('/resource', undefined),
    expect: notCors(GET_RESOURCE, { headers: { [ACAO]: '*', [ACEH]: 'x-total,x-page' } }),
  },
  {
    id: 'actual/any-exposes-star',
    spec: '§4',
    policy: ANY_EXPOSED_STAR,
    request: get('/resource', APP),
    expect: allowedActual('*', GET_RESOURCE, { headers: { [ACEH]: '*' } }),
  },
  {
    id: 'actual/any-not-cors-gets-star',
    spec: '§4',
    policy: ANY,
    request: get('/resource', undefined),
    expect: notCors(GET_RESOURCE, { headers: { [ACAO]: '*' } }),
  },
  {
    id: 'actual/app-4xx-keeps-cors-headers',
    spec: '§4',
    policy: CREDENTIALS,
    request: get('/teapot', APP),
    expect: allowedActual(APP, TEAPOT, { headers: GRANTED }),
  },
  {
    id: 'actual/thrown-error-keeps-cors-headers',
    spec: '§4',
    policy: CREDENTIALS,
    request: get('/error', APP),
    expect: allowedActual(APP, THROWS, { headers: GRANTED }),
  },
  {
    id: 'actual/not-found-keeps-cors-headers',
    spec: '§4',
    policy: CREDENTIALS,
    request: get('/missing', APP),
    expect: allowedActual(APP, MISSING, { headers: GRANTED }),
  },
  {
    id: 'actual/thrown-error-under-any-keeps-star',
    spec: '§4',
    policy: ANY,
    request: get('/error', APP),
    expect: allowedActual('*', THROWS),
  },
  {
    id: 'actual/not-found-under-any-keeps-star',
    spec: '§4',
    policy: ANY,
    request: get('/missing', APP),
    expect: allowedActual('*', MISSING),
  },
  {
    id: 'actual/app-4xx-refused-origin',
    spec: '§4',
    policy: CREDENTIALS,
    request: get('/teapot', EVIL),
    expect: refusedActual(EVIL, TEAPOT),
  },
  {
    id: 'actual/thrown-error-refused-origin',
    spec: '§4',
    policy: CREDENTIALS,
    request: get('/error', EVIL),
    expect: refusedActual(EVIL, THROWS),
  },
  {
    id: 'actual/not-found-refused-origin',
    spec: '§4',
    policy: CREDENTIALS,
    request: get('/missing', EVIL),
    expect: refusedActual(EVIL, MISSING),
  },
  {
    id: 'actual/not-found-not-cors',
    spec: '§4',
    policy: LIST,
    request: get('/missing', undefined),
    expect: notCors(MISSING),
  },
]
