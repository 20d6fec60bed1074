// One function for both h3 majors, told apart by the event they pass: h3 2 (Nitro 3) calls a
// middleware with `(event, next)` and an event whose `req` is a Web `Request`; h3 1 (Nitro 2,
// Nuxt) calls an event handler with `(event)` and Node's `req`/`res` under `event.node`. Either
// way it runs before the routes, so preflights are answered for any path, with or without an
// OPTIONS route. Deciding is @crossway/core's; writing is its Web glue (h3 2) or Node glue (h3 1).

import { type CorsPolicyInput, cachedOrigin, createCors, createLiveCors, type LiveCors } from '@crossway/core'
import { claimRequest, warnStacked } from '@crossway/core/web'
import type { H3Event } from 'h3'
import { type NodeEventLike, runNodeEvent } from './node-event'
import { runWebEvent, type WebEventLike } from './web-event'

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
// Policies that live: cached origin lookups and hot reconfiguration (docs/live-policies.md).
export { type CorsPolicyInput, cachedOrigin, createLiveCors, type LiveCors }

/**
 * The options of `cors()`: the core's policy, whose `origin` function receives the origin and
 * the `H3Event` of the h3 you have installed; or a policy built by `createCors` /
 * `createLiveCors`, used as is (a live one stays reconfigurable: docs/live-policies.md).
 */
export type H3CorsOptions = CorsPolicyInput<H3Event>

/**
 * What `cors()` returns: an h3 2 middleware (`app.use(cors(…))`, called with `next`) and an
 * h3 1 event handler (`app.use(cors(…))`, a Nitro 2 or Nuxt `server/middleware` file) at once.
 * `__is_handler__` is h3 1's mark of a handler made by `defineEventHandler`.
 */
export interface H3CorsHandler {
  (event: H3Event, next?: () => unknown): unknown
  readonly __is_handler__: true
}

const STACKED_WARNING =
  'crossway: a request reached two @crossway/h3 middlewares; the first one decided it and the later one did nothing. Mount each policy on the paths it governs only (see "One policy per request" in the @crossway/h3 README).'

/**
 * Builds CORS for h3: it answers preflights itself, on any path (no OPTIONS route needed),
 * and adds the CORS headers to every other response, h3's error responses and its 404
 * included. The policy is validated here, once: a bad one throws `CorsConfigError` when the
 * app starts, never on a request.
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 * @example
 * // h3 2
 * import { H3 } from 'h3'
 * import { cors } from '@crossway/h3'
 * const app = new H3()
 * app.use(cors({ origin: ['https://app.example.com'], credentials: true }))
 *
 * // h3 1: Nitro 2 or Nuxt, server/middleware/cors.ts
 * export default cors({ origin: ['https://app.example.com'] })
 */
export function cors(options?: H3CorsOptions): H3CorsHandler {
  const policy = createCors<H3Event>(options)
  let warnedStacked = false

  function crosswayCors(event: H3Event, next?: () => unknown): unknown {
    // The first Crossway middleware a request meets decides it, preflight and actual request
    // alike; a later one steps aside (semantics.md §7a). The mark lives on this request's
    // event, so it goes when the request does.
    if (!claimRequest(event)) {
      if (!warnedStacked) {
        warnedStacked = true
        warnStacked(STACKED_WARNING)
      }
      return next?.()
    }
    return isWebEvent(event)
      ? runWebEvent(policy, event as unknown as WebEventLike & H3Event, next)
      : runNodeEvent(policy, event as unknown as NodeEventLike & H3Event)
  }
  return Object.assign(crosswayCors, { __is_handler__: true as const })
}

export default cors

// h3 2's `event.req` is a Web `Request`; h3 1's is a deprecated alias of Node's request, whose
// `headers` is a plain object.
function isWebEvent(event: object): boolean {
  return typeof (event as { req?: { headers?: { get?: unknown } } }).req?.headers?.get === 'function'
}
