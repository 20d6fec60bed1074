import type { ConformanceCase } from '../case'
import { ACAC, ACAH, ACAM, ACAO, ACAPN, ACEH, ACMA, VARY_PREFLIGHT } from '../header-names'
import {
  allowedActual,
  allowedDefaultPreflight,
  DEFAULT_METHODS,
  GET_RESOURCE,
  refusedPreflight,
} from './outcomes'
import { ANY, APP, CONTINUE, CREDENTIALS, EVIL, LIST, MAX_AGE, MAX_AGE_ZERO, STATUS_200 } from './policies'
import { get, preflight } from './requests'

/** semantics.md §5: preflights the middleware answers, max-age, status and `preflightContinue`. */
export const preflightCases: readonly ConformanceCase[] = [
  {
    id: 'preflight/allowed-answered-by-middleware',
    spec: '§5',
    policy: LIST,
    request: preflight(APP, 'PUT'),
    expect: allowedDefaultPreflight(APP),
  },
  {
    id: 'preflight/allowed-on-path-without-options-route',
    spec: '§5',
    policy: LIST,
    request: preflight(APP, 'DELETE', undefined, {}, '/'),
    expect: allowedDefaultPreflight(APP),
  },
  {
    id: 'preflight/allowed-on-path-without-any-route',
    spec: '§5',
    policy: LIST,
    request: preflight(APP, 'PUT', undefined, {}, '/missing'),
    expect: allowedDefaultPreflight(APP),
  },
  {
    id: 'preflight/refused-origin',
    spec: '§5',
    policy: LIST,
    request: preflight(EVIL, 'PUT'),
    expect: refusedPreflight({ reason: 'origin', origin: EVIL, requestMethod: 'PUT' }),
  },
  {
    id: 'preflight/refused-origin-on-path-without-any-route',
    spec: '§5',
    policy: LIST,
    request: preflight(EVIL, 'PUT', undefined, {}, '/missing'),
    expect: refusedPreflight({ reason: 'origin', origin: EVIL, requestMethod: 'PUT' }),
  },
  {
    id: 'preflight/any-origin-answers-star',
    spec: '§5',
    policy: ANY,
    request: preflight('https://anyone.example', 'PUT'),
    expect: allowedDefaultPreflight('*'),
  },
  {
    id: 'preflight/credentials-never-expose-headers',
    spec: '§5',
    policy: CREDENTIALS,
    request: preflight(APP, 'PATCH'),
    expect: allowedDefaultPreflight(APP, { [ACAC]: 'true' }),
  },

  {
    id: 'preflight/max-age',
    spec: '§5',
    policy: MAX_AGE,
    request: preflight(APP, 'PUT'),
    expect: allowedDefaultPreflight(APP, { [ACMA]: '600' }),
  },
  {
    id: 'preflight/max-age-not-on-actual-requests',
    spec: '§4',
    policy: MAX_AGE,
    request: get('/resource', APP),
    expect: allowedActual(APP, GET_RESOURCE),
  },
  {
    id: 'preflight/max-age-zero-is-sent',
    spec: '§5',
    policy: MAX_AGE_ZERO,
    request: preflight(APP, 'PUT'),
    expect: allowedDefaultPreflight('*', { [ACMA]: '0' }),
  },
  {
    id: 'preflight/options-success-status',
    spec: '§5',
    policy: STATUS_200,
    request: preflight(APP, 'PUT'),
    expect: { ...allowedDefaultPreflight(APP), status: 200 },
  },
  {
    id: 'preflight/options-success-status-not-used-when-refused',
    spec: '§5',
    policy: STATUS_200,
    request: preflight(EVIL, 'PUT'),
    expect: refusedPreflight({ reason: 'origin', origin: EVIL, requestMethod: 'PUT' }),
  },
  {
    id: 'preflight/continue-runs-the-app-route-with-headers',
    spec: '§5',
    policy: CONTINUE,
    request: preflight(APP, 'PUT', 'x-custom'),
    expect: {
      status: 200,
      body: 'options',
      handlerCalled: 'resource-options',
      headers: { [ACAO]: APP, [ACAM]: DEFAULT_METHODS, [ACAH]: '*' },
      absent: [ACAC, ACEH, ACMA, ACAPN],
      vary: { exact: VARY_PREFLIGHT },
    },
  },
  {
    id: 'preflight/continue-refused-origin-not-passed-on',
    spec: '§5',
    policy: CONTINUE,
    request: preflight(EVIL, 'PUT'),
    expect: refusedPreflight({ reason: 'origin', origin: EVIL, requestMethod: 'PUT' }),
  },
  {
    id: 'preflight/continue-refused-method-not-passed-on',
    spec: '§5',
    policy: CONTINUE,
    request: preflight(APP, 'patch'),
    expect: refusedPreflight({ reason: 'method', origin: APP, requestMethod: 'patch' }),
  },
]
