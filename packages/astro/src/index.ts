// Astro adapter: an `onRequest` middleware for src/middleware.ts. Astro runs it for every
// on-demand request after matching the route and before rendering it (only its own
// `security.checkOrigin` runs earlier), so preflights are answered here — an endpoint without
// an `OPTIONS` export never sees them — and every other response comes back through `next()`:
// endpoints, pages, redirects, a `fetch()` passed through, thrown errors, Astro's 404 and 500.
// Web `Request`/`Response` only: any Astro adapter (Node, Vercel, Netlify, Cloudflare) works.

import { type CorsPolicyInput, cachedOrigin, createLiveCors, type LiveCors } from '@crossway/core'
import { type AstroCorsMiddleware, type AstroCorsOptions, createMiddleware } from './middleware'

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
export { corsCheck } from './check'
export type { AstroCorsMiddleware, AstroCorsOptions } from './middleware'
// Policies that live: cached origin lookups and hot reconfiguration (docs/live-policies.md).
export { type CorsPolicyInput, cachedOrigin, createLiveCors, type LiveCors }

/**
 * Builds an Astro middleware that applies a CORS policy to every on-demand route: it answers
 * preflights itself and adds the CORS headers to every other response, Astro's 404 and 500
 * pages, redirects and thrown errors included. The policy is validated here, once: a bad one
 * throws `CorsConfigError` when the server loads src/middleware.ts. An `origin` function
 * receives the `APIContext`. In `sequence()`, put it first, so that preflights never reach
 * your other middleware.
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 * @example
 * // src/middleware.ts
 * import { cors } from '@crossway/astro'
 * export const onRequest = cors({ origin: ['https://app.example.com'], credentials: true })
 */
export function cors(options?: AstroCorsOptions): AstroCorsMiddleware {
  return createMiddleware(options)
}

export default cors
