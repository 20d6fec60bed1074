import type { ConformanceCase } from '../case'
import { ACAC, ACAH, ACAM, ACAO, ACAPN, ACMA, VARY_PREFLIGHT_PNA } from '../header-names'
import { allowedDefaultPreflight, allowedPreflight, DEFAULT_METHODS, refusedPreflight } from './outcomes'
import { APP, DEBUG, DEBUG_NO_PNA, EVIL, LIST, PNA } from './policies'
import { pnaPreflight, preflight } from './requests'

/** semantics.md §5: private-network access and `debug` answers. */
export const preflightExtraCases: readonly ConformanceCase[] = [
  {
    id: 'preflight/private-network-granted',
    spec: '§5',
    policy: PNA,
    request: pnaPreflight(APP, 'PUT', 'true'),
    expect: allowedPreflight(
      { [ACAO]: APP, [ACAM]: DEFAULT_METHODS, [ACAPN]: 'true' },
      { vary: VARY_PREFLIGHT_PNA },
    ),
  },
  {
    id: 'preflight/private-network-not-asked',
    spec: '§5',
    policy: PNA,
    request: preflight(APP, 'PUT'),
    expect: allowedPreflight({ [ACAO]: APP, [ACAM]: DEFAULT_METHODS }, { vary: VARY_PREFLIGHT_PNA }),
  },
  {
    id: 'preflight/private-network-false-does-not-count',
    spec: '§1',
    policy: PNA,
    request: pnaPreflight(APP, 'PUT', 'false'),
    expect: allowedPreflight({ [ACAO]: APP, [ACAM]: DEFAULT_METHODS }, { vary: VARY_PREFLIGHT_PNA }),
  },
  {
    id: 'preflight/private-network-refused-origin',
    spec: '§5',
    policy: PNA,
    request: pnaPreflight(EVIL, 'PUT', 'true'),
    expect: refusedPreflight(
      { reason: 'origin', origin: EVIL, requestMethod: 'PUT' },
      { vary: VARY_PREFLIGHT_PNA },
    ),
  },
  {
    id: 'preflight/private-network-off-refuses',
    spec: '§5',
    policy: LIST,
    request: pnaPreflight(APP, 'PUT', 'true'),
    expect: refusedPreflight({ reason: 'private-network', origin: APP, requestMethod: 'PUT' }),
  },
  {
    id: 'preflight/private-network-upper-case-true-does-not-count',
    spec: '§1',
    policy: LIST,
    request: pnaPreflight(APP, 'PUT', 'TRUE'),
    expect: allowedDefaultPreflight(APP),
  },

  {
    id: 'preflight/debug-method-answers-passed-parts',
    spec: '§5',
    policy: DEBUG,
    request: preflight(APP, 'DELETE', 'x-custom', { 'access-control-request-private-network': 'true' }),
    expect: allowedPreflight(
      { [ACAO]: APP, [ACAC]: 'true', [ACAM]: 'PUT', [ACAH]: 'x-custom' },
      {
        vary: VARY_PREFLIGHT_PNA,
        rejection: {
          kind: 'preflight',
          reason: 'method',
          origin: APP,
          method: 'OPTIONS',
          requestMethod: 'DELETE',
        },
      },
    ),
  },
  {
    id: 'preflight/debug-method-without-acrh',
    spec: '§5',
    policy: DEBUG,
    request: preflight(APP, 'DELETE'),
    expect: allowedPreflight(
      { [ACAO]: APP, [ACAC]: 'true', [ACAM]: 'PUT' },
      {
        vary: VARY_PREFLIGHT_PNA,
        rejection: {
          kind: 'preflight',
          reason: 'method',
          origin: APP,
          method: 'OPTIONS',
          requestMethod: 'DELETE',
        },
      },
    ),
  },
  {
    id: 'preflight/debug-header-answers-passed-parts',
    spec: '§5',
    policy: DEBUG,
    request: preflight(APP, 'PUT', 'x-custom, x-other'),
    expect: allowedPreflight(
      { [ACAO]: APP, [ACAC]: 'true', [ACAM]: 'PUT', [ACAH]: 'x-custom' },
      {
        vary: VARY_PREFLIGHT_PNA,
        rejection: {
          kind: 'preflight',
          reason: 'header',
          origin: APP,
          method: 'OPTIONS',
          requestMethod: 'PUT',
          header: 'x-other',
        },
      },
    ),
  },
  {
    id: 'preflight/debug-origin-still-bare-403',
    spec: '§5',
    policy: DEBUG,
    request: preflight(EVIL, 'DELETE', 'x-other'),
    expect: refusedPreflight(
      { reason: 'origin', origin: EVIL, requestMethod: 'DELETE' },
      { vary: VARY_PREFLIGHT_PNA },
    ),
  },
  {
    id: 'preflight/debug-malformed-still-bare-403',
    spec: '§5',
    policy: DEBUG,
    request: preflight(APP, 'PUT, DELETE'),
    expect: refusedPreflight(
      { reason: 'malformed', origin: APP, requestMethod: 'PUT, DELETE' },
      { vary: VARY_PREFLIGHT_PNA },
    ),
  },
  {
    id: 'preflight/debug-private-network-still-bare-403',
    spec: '§5',
    policy: DEBUG_NO_PNA,
    request: pnaPreflight(APP, 'PUT', 'true'),
    expect: refusedPreflight({ reason: 'private-network', origin: APP, requestMethod: 'PUT' }),
  },
  {
    id: 'preflight/debug-allowed-is-a-normal-answer',
    spec: '§5',
    policy: DEBUG,
    request: pnaPreflight(APP, 'PUT', 'true'),
    expect: allowedPreflight(
      { [ACAO]: APP, [ACAC]: 'true', [ACAM]: 'PUT', [ACMA]: '600', [ACAPN]: 'true' },
      { vary: VARY_PREFLIGHT_PNA },
    ),
  },
]
