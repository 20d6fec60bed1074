// AWS Lambda behind API Gateway or a function URL: there is no middleware chain, so the policy
// wraps the handler itself. The wrapper answers preflights before the handler runs (for every
// path, since one function usually serves them all) and adds the CORS headers to the result the
// handler returns, in whichever result fields the payload format uses, before Lambda hands it
// back to API Gateway or the function URL.

export type {
  CorsConfigErrorCode,
  CorsConfigIssue,
  CorsConfigWarning,
  CorsConfigWarningCode,
  CorsList,
  CorsOptions,
  CorsOrigin,
  CorsOriginEntry,
  CorsOriginFunction,
  CorsRejection,
  CorsRejectionReason,
  CorsSyncOriginFunction,
} from '@crossway/core'
// Policies that live: cached origin lookups and hot reconfiguration (docs/live-policies.md).
export {
  CorsConfigError,
  type CorsPolicyInput,
  cachedOrigin,
  createLiveCors,
  isCorsConfigError,
  type LiveCors,
} from '@crossway/core'
export type {
  LambdaCorsResult,
  LambdaEventV1,
  LambdaEventV2,
  LambdaHeaders,
  LambdaHttpEvent,
  LambdaMultiValueHeaders,
} from './events'
export type { LambdaCorsOptions } from './options'
export { type LambdaCorsHandler, type LambdaHttpHandler, withCors } from './with-cors'
