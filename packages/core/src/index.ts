export type { CorsCandidate } from './candidates'
export { decideAmong } from './candidates'
export { isPreflight } from './classify'
export type { Cors, CorsDecider, CorsNext } from './cors'
export type { CorsSyncOptions, CreateCorsContext } from './create-cors'
export { createCors } from './create-cors'
export type {
  CorsActualDecision,
  CorsDecision,
  CorsHeader,
  CorsNotCorsDecision,
  CorsPreflightDecision,
} from './decision'
export type { CorsConfigErrorCode, CorsConfigIssue } from './errors'
export { CorsConfigError, isCorsConfigError } from './errors'
export type {
  CorsList,
  CorsOptions,
  CorsOrigin,
  CorsOriginEntry,
  CorsOriginFunction,
  CorsSyncOriginFunction,
} from './options'
export { type OriginsFromEnvOptions, originsFromEnv } from './origins-from-env'
export type { CorsRejection, CorsRejectionReason } from './rejection'
export { validateOptions } from './validate'
export { mergeVary } from './vary'
