// SvelteKit adapter: a `handle` hook for src/hooks.server.ts. Kit calls `handle` for every
// request its server answers, after matching the route and before rendering it, so preflights
// are answered here (an endpoint without an `OPTIONS` export never sees them), and every other
// response — endpoints, pages, `error()`, `redirect()`, thrown errors, Kit's 404 — comes back
// through `resolve` and gets the headers. Web `Request`/`Response` only: any Kit adapter works.

import { type CorsPolicyInput, cachedOrigin, createLiveCors, type LiveCors } from '@crossway/core'
import { type CorsHandle, createHandle, type SvelteKitCorsOptions } from './handle'

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
export { type CorsByRouteOptions, type CorsRoutes, corsByRoute } from './by-route'
export type { CorsHandle, SvelteKitCorsOptions } from './handle'
// Policies that live: cached origin lookups and hot reconfiguration (docs/live-policies.md).
export { type CorsPolicyInput, cachedOrigin, createLiveCors, type LiveCors }

/**
 * Builds a SvelteKit `handle` hook that applies a CORS policy to every route: it answers
 * preflights itself and adds the CORS headers to every other response, error pages, redirects
 * and Kit's 404 included. The policy is validated here, once: a bad one throws
 * `CorsConfigError` when the server starts. An `origin` function receives the `RequestEvent`.
 * Compose it with `sequence()`, first, so that preflights never reach your other hooks.
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 * @example
 * // src/hooks.server.ts
 * import { cors } from '@crossway/sveltekit'
 * export const handle = cors({ origin: ['https://app.example.com'], credentials: true })
 */
export function cors(options?: SvelteKitCorsOptions): CorsHandle {
  return createHandle(options)
}

export default cors
