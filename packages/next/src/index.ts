// Next.js adapter. Middleware (`middleware.ts`, or `proxy.ts` from Next 16) runs before routing,
// so `cors()` answers preflights there and sets the CORS headers on `NextResponse.next()`, which
// Next copies onto the route's response. Route handlers can instead be wrapped one by one with
// `withCors({ GET, POST })`. Both use the core's Web path (`handle`) and no Node-only API, so
// they run on the Edge and the Node.js runtimes. No CORS rule lives here.

import { type CorsPolicyInput, cachedOrigin, createLiveCors, type LiveCors } from '@crossway/core'
import {
  type CorsMiddleware,
  type NextCorsMiddleware,
  type NextCorsOptions,
  withCorsMiddleware,
} from './middleware'
import { type CorsRouteHandlers, type RouteHandlers, withCorsRoutes } from './route-handlers'

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
export type { CorsMiddleware, NextCorsMiddleware, NextCorsOptions, NextMiddlewareResult } from './middleware'
export { cors } from './middleware'
export type {
  CorsRouteHandler,
  CorsRouteHandlers,
  RouteHandler,
  RouteHandlers,
  RouteMethod,
} from './route-handlers'
// Policies that live: cached origin lookups and hot reconfiguration (docs/live-policies.md).
export { type CorsPolicyInput, cachedOrigin, createLiveCors, type LiveCors }

/**
 * Adds CORS to code you already have: either an existing middleware (or proxy), whose every
 * response gets the CORS headers and which preflights never reach; or an object of App Router
 * route handlers, which gains an `OPTIONS` handler that answers preflights. The policy is
 * validated here, once: a bad one throws `CorsConfigError` when the module loads.
 *
 * @example
 * // middleware.ts
 * export const middleware = withCors(myMiddleware, { origin: ['https://app.example.com'] })
 *
 * // app/api/items/route.ts
 * export const { GET, POST, OPTIONS } = withCors({ GET: list, POST: create }, { origin: '*' })
 */
export function withCors(middleware: NextCorsMiddleware, options?: NextCorsOptions): CorsMiddleware
export function withCors<H extends RouteHandlers>(
  handlers: H,
  options?: NextCorsOptions,
): CorsRouteHandlers<H>
export function withCors(
  target: NextCorsMiddleware | RouteHandlers,
  options?: NextCorsOptions,
): CorsMiddleware | CorsRouteHandlers<RouteHandlers> {
  return typeof target === 'function' ? withCorsMiddleware(target, options) : withCorsRoutes(target, options)
}
