import type { ConformanceCase } from '../case'
import { ACAC, ACAM, ACAO, VARY_PREFLIGHT_ANY_ORIGIN } from '../header-names'
import { allowedDefaultPreflight, allowedPreflight, refusedPreflight } from './outcomes'
import {
  APP,
  LIST,
  METHODS_ANY,
  METHODS_ANY_CREDENTIALS,
  METHODS_MIXED_CASE,
  METHODS_PUT,
  METHODS_STRING,
} from './policies'
import { preflight } from './requests'

/** semantics.md §2 and §5: which `Access-Control-Request-Method` passes, and the `ACAM` answered. */
export const preflightMethodCases: readonly ConformanceCase[] = [
  {
    id: 'preflight/method-listed-upper-case-patch',
    spec: '§5',
    policy: LIST,
    request: preflight(APP, 'PATCH'),
    expect: allowedDefaultPreflight(APP),
  },
  {
    id: 'preflight/method-lower-case-patch-is-another-method',
    spec: '§2',
    policy: LIST,
    request: preflight(APP, 'patch'),
    expect: refusedPreflight({ reason: 'method', origin: APP, requestMethod: 'patch' }),
  },
  {
    id: 'preflight/method-not-listed-refused',
    spec: '§5',
    policy: METHODS_PUT,
    request: preflight(APP, 'DELETE'),
    expect: refusedPreflight({ reason: 'method', origin: APP, requestMethod: 'DELETE' }),
  },
  ...(['GET', 'HEAD', 'POST'] as const).map(
    (method): ConformanceCase => ({
      id: `preflight/method-${method.toLowerCase()}-always-allowed`,
      spec: '§5',
      policy: METHODS_PUT,
      request: preflight(APP, method),
      expect: allowedPreflight({ [ACAO]: APP, [ACAM]: 'PUT' }),
    }),
  ),
  {
    id: 'preflight/methods-fetch-names-upper-cased-others-kept',
    spec: '§2',
    policy: METHODS_MIXED_CASE,
    request: preflight(APP, 'PUT'),
    expect: allowedPreflight({ [ACAO]: APP, [ACAM]: 'GET,PUT,patch' }),
  },
  {
    id: 'preflight/methods-lower-case-patch-configured-allowed',
    spec: '§2',
    policy: METHODS_MIXED_CASE,
    request: preflight(APP, 'patch'),
    expect: allowedPreflight({ [ACAO]: APP, [ACAM]: 'GET,PUT,patch' }),
  },
  {
    id: 'preflight/methods-lower-case-patch-configured-refuses-upper',
    spec: '§2',
    policy: METHODS_MIXED_CASE,
    request: preflight(APP, 'PATCH'),
    expect: refusedPreflight({ reason: 'method', origin: APP, requestMethod: 'PATCH' }),
  },
  {
    id: 'preflight/methods-comma-string',
    spec: '§2',
    policy: METHODS_STRING,
    request: preflight(APP, 'DELETE'),
    expect: allowedPreflight({ [ACAO]: '*', [ACAM]: 'PUT,DELETE' }),
  },
  {
    id: 'preflight/methods-star-without-credentials',
    spec: '§5',
    policy: METHODS_ANY,
    request: preflight(APP, 'PURGE'),
    expect: allowedPreflight({ [ACAO]: '*', [ACAM]: '*' }),
  },
  {
    id: 'preflight/methods-star-with-credentials-echoes-method',
    spec: '§5',
    policy: METHODS_ANY_CREDENTIALS,
    request: preflight(APP, 'PURGE'),
    expect: allowedPreflight({ [ACAO]: APP, [ACAC]: 'true', [ACAM]: 'PURGE' }),
  },
  {
    id: 'preflight/methods-star-with-credentials-keeps-case',
    spec: '§5',
    policy: METHODS_ANY_CREDENTIALS,
    request: preflight(APP, 'patch'),
    expect: allowedPreflight({ [ACAO]: APP, [ACAC]: 'true', [ACAM]: 'patch' }),
  },
  {
    id: 'preflight/acrm-list-is-malformed',
    spec: '§5',
    policy: LIST,
    request: preflight(APP, 'GET, DELETE'),
    expect: refusedPreflight({ reason: 'malformed', origin: APP, requestMethod: 'GET, DELETE' }),
  },
  {
    id: 'preflight/acrm-list-is-malformed-under-methods-star',
    spec: '§5',
    policy: METHODS_ANY_CREDENTIALS,
    request: preflight(APP, 'GET, DELETE'),
    expect: refusedPreflight({ reason: 'malformed', origin: APP, requestMethod: 'GET, DELETE' }),
  },
  {
    id: 'preflight/acrm-not-a-token-is-malformed',
    spec: '§5',
    policy: METHODS_ANY,
    request: preflight(APP, 'GE T'),
    expect: refusedPreflight(
      { reason: 'malformed', origin: APP, requestMethod: 'GE T' },
      { vary: VARY_PREFLIGHT_ANY_ORIGIN },
    ),
  },
]
