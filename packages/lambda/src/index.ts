// AWS Lambda behind API Gateway or a function URL: there is no middleware chain, so the policy
// wraps the handler itself. The wrapper answers preflights before the handler runs (for every
// path, since one function usually serves them all) and adds the CORS headers to the result the
// handler returns, in whichever result fields the payload format uses, before Lambda hands it
// back to API Gateway or the function URL.

import { type CorsPolicyInput, cachedOrigin, createLiveCors, type LiveCors } from '@crossway/core'

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
export { CorsConfigError, isCorsConfigError } from '@crossway/core'
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
// Policies that live: cached origin lookups and hot reconfiguration (docs/live-policies.md).
export { type CorsPolicyInput, cachedOrigin, createLiveCors, type LiveCors }
