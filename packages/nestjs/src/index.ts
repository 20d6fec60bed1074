// Nest integration: `@Cors()` metadata on controllers and handlers, compiled into one route
// table when the application initialises, and applied from the HTTP adapter's request hook
// (`setOnRequestHook`), which runs before body parsing, middleware, guards and routing on
// both Express and Fastify. Preflights are answered there with the policy of the route they
// ask about; other responses get their headers there, so exceptions and 404s keep them.

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
export type { CorsMetadata } from './cors.decorator'
export { CORS_METADATA_KEY, Cors } from './cors.decorator'
export type { CorsModuleAsyncOptions } from './cors.module'
export { CorsModule } from './cors.module'
// Policies that live: cached origin lookups and hot reconfiguration (docs/live-policies.md).
export { type CorsPolicyInput, cachedOrigin, createLiveCors, type LiveCors }
