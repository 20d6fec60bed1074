export type {
  CachedOriginFunction,
  CachedOriginOptions,
  CorsOriginLookup,
} from './cached-origin'
export { cachedOrigin } from './cached-origin'
export type { CorsCandidate } from './candidates'
export { decideAmong } from './candidates'
export { isPreflight } from './classify'
export type { Cors, CorsDecider, CorsNext } from './cors'
export type { CorsPolicyInput, CorsSyncOptions, CreateCorsContext } from './create-cors'
export { createCors } from './create-cors'
export type {
  CorsActualDecision,
  CorsDecision,
  CorsHeader,
  CorsNotCorsDecision,
  CorsPreflightDecision,
} from './decision'
export type {
  CorsConfigErrorCode,
  CorsConfigIssue,
  CorsConfigWarning,
  CorsConfigWarningCode,
} from './errors'
export { CorsConfigError, isCorsConfigError } from './errors'
export { CORS_RESPONSE_HEADER_NAMES } from './header-names'
export type { LiveCors } from './live-cors'
export { createLiveCors } from './live-cors'
export type {
  CorsList,
  CorsOptions,
  CorsOrigin,
  CorsOriginEntry,
  CorsOriginFunction,
  CorsSyncOriginFunction,
} from './options'
export { type OriginsFromEnvOptions, originsFromEnv } from './origins-from-env'
export { isCorsPolicy } from './policy-brand'
export type { CorsRejection, CorsRejectionReason } from './rejection'
export { type ValidateOptionsSettings, validateOptions } from './validate'
export { mergeVary } from './vary'
export { PREFLIGHT_CACHE_CAPS } from './warnings'
