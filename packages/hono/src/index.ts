// Hono middleware: it runs where it is `use`d, for every method, so a preflight is answered
// before routing finds (or misses) an OPTIONS route, and before auth or body parsing. Other
// requests go on with `next()`; the headers are added afterwards to whatever `c.res` then
// holds — the route's response, the answer of `onError` or `notFound`, a redirect, a proxied
// `fetch()` response. Reading, deciding and writing are @crossway/core/web's.

import { type CorsPolicyInput, cachedOrigin, createCors, createLiveCors, type LiveCors } from '@crossway/core'
import { type CorsDecision, claimRequest, decideWeb, isThenable, warnStacked } from '@crossway/core/web'
import type { Context, Env, MiddlewareHandler, Next } from 'hono'
import { answerItself, decorateResponse } from './response'

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
 * Hono's `Context` (`(origin, c) => boolean`); or a policy built by `createCors` /
 * `createLiveCors`, used as is (a live one stays reconfigurable: docs/live-policies.md).
 */
export type HonoCorsOptions<E extends Env = any> = CorsPolicyInput<Context<E>>

const STACKED_WARNING =
  'crossway: a request reached two @crossway/hono middlewares; the first one (usually the app-wide one) decided it and the later one did nothing. Mount each policy on the paths it governs only (see "One policy per request" in the @crossway/hono README).'

/**
 * Builds a Hono middleware that applies a CORS policy: it answers preflights itself, on any
 * path it is mounted on (no OPTIONS route needed), and adds the CORS headers to every other
 * response, error and not-found pages included. The policy is validated here, once: a bad
 * one throws `CorsConfigError` when the app starts, never on a request.
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 * @example
 * import { Hono } from 'hono'
 * import { cors } from '@crossway/hono'
 *
 * const app = new Hono()
 * app.use('/api/*', cors({ origin: ['https://app.example.com'], credentials: true }))
 */
export function cors<E extends Env = any>(options?: HonoCorsOptions<E>): MiddlewareHandler<E> {
  const policy = createCors<Context<E>>(options)
  let warnedStacked = false

  function crosswayCors(c: Context<E>, next: Next): Response | Promise<unknown> {
    // The first Crossway middleware a request meets decides it, preflight and actual request
    // alike; a later one steps aside (semantics.md §7a). The mark is a property of this
    // request's Context, so it goes when the request does.
    if (!claimRequest(c)) {
      if (!warnedStacked) {
        warnedStacked = true
        warnStacked(STACKED_WARNING)
      }
      return next()
    }
    // A static policy decides synchronously: no promise before `next()` itself.
    const decision = decideWeb(policy, c.req.raw, c)
    return isThenable(decision)
      ? Promise.resolve(decision).then<unknown>((d) => proceed(c, next, d))
      : proceed(c, next, decision)
  }
  // Hono awaits whatever a middleware returns; typed as Hono declares middlewares.
  return crosswayCors as MiddlewareHandler<E>
}

export default cors

function proceed(c: Context, next: Next, d: CorsDecision): Response | Promise<void> {
  // A preflight, or a forgery refused by `csrf`: answered here, the routes never run.
  if (d.respond) return answerItself(c, d)
  return continueWith(c, next, d)
}

// An async function rather than `next().then(…)`: one promise, no closure per request.
async function continueWith(c: Context, next: Next, d: CorsDecision): Promise<void> {
  await next()
  decorateResponse(c, d)
}
