// Express middleware: it runs where it is mounted (app-wide before the routes, in a router,
// or in front of one route) and writes the CORS headers onto `res` before `next()`, so that
// the route, `next(err)`, a custom error handler and Express's own finalhandler (404, 500)
// all answer with them. Preflights end here, before body parsing, auth and routing. Only
// Node's `req.headers` and `res.setHeader` are touched, so Express 4 and 5 behave alike.

import { type CorsPolicyInput, cachedOrigin, createCors, createLiveCors, type LiveCors } from '@crossway/core'
import { CORS_DECISION_CHANNEL, publishDecisions, runCors } from '@crossway/core/node'
import type { NextFunction, Request, RequestHandler, Response } from 'express'

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
 * The options of `cors()`: the core's policy, whose `origin` function receives Express's `req`;
 * or a policy built by `createCors` / `createLiveCors`, used as is (a live one stays
 * reconfigurable: docs/live-policies.md).
 */
export type ExpressCorsOptions = CorsPolicyInput<Request>

// Decisions go out on node:diagnostics_channel (docs/observability.md). Through
// getBuiltinModule, not an import: loaders without `node:` specifiers (Jest 26) still load us.
const decisionChannel = process.getBuiltinModule?.('diagnostics_channel')?.channel(CORS_DECISION_CHANNEL)
// `req.route` is set when cors() runs as a route's own middleware (`app.get(path, cors(), h)`).
const observe = publishDecisions('express', decisionChannel, (req: Request) => req.route?.path)

const STACKED_WARNING =
  'crossway: a request reached two @crossway/express middlewares; the first one (usually the app-wide one) decided it and the later one did nothing. Mount each policy on the paths it governs only (see "One policy per request" in the @crossway/express README).'

/**
 * Builds an Express middleware that applies a CORS policy: it answers preflights itself
 * and adds the CORS headers to every other response, error pages included. The policy is
 * validated here, once: a bad one throws `CorsConfigError` when the app starts.
 *
 * Mounted on one route only, it must also be mounted on that path's `OPTIONS` for
 * preflights to reach it.
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 * @example
 * import express from 'express'
 * import { cors } from '@crossway/express'
 *
 * const app = express()
 * app.use(cors({ origin: ['https://app.example.com'], credentials: true }))
 */
export function cors(options?: ExpressCorsOptions): RequestHandler {
  const policy = createCors<Request>(options)
  let warnedStacked = false

  return function crosswayCors(req: Request, res: Response, next: NextFunction): void {
    // Headers are written before `next()`, so the route, `next(err)`, a custom error handler
    // and finalhandler's 404/500 all answer with them; an `origin` function's error goes to
    // `next(err)` (Express 4 ignores returned promises).
    if (runCors(policy, req, res, req, next, observe) || warnedStacked) return
    // Stacked under another Crossway middleware: the first one decided (semantics.md §7a).
    warnedStacked = true
    process.emitWarning(STACKED_WARNING, { code: 'CROSSWAY_STACKED' })
  }
}

export default cors
