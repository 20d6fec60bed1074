// Express middleware: it runs where it is mounted (app-wide before the routes, in a router,
// or in front of one route) and writes the CORS headers onto `res` before `next()`, so that
// the route, `next(err)`, a custom error handler and Express's own finalhandler (404, 500)
// all answer with them. Preflights end here, before body parsing, auth and routing. Only
// Node's `req.headers` and `res.setHeader` are touched, so Express 4 and 5 behave alike.

import { ServerResponse } from 'node:http'
import { type CorsDecision, type CorsOptions, createCors, mergeVary } from '@crossway/core'
import type { NextFunction, Request, RequestHandler, Response } from 'express'

export type {
  CorsConfigErrorCode,
  CorsConfigIssue,
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

/** The options of `cors()`: the core's policy, whose `origin` function receives Express's `req`. */
export type ExpressCorsOptions = CorsOptions<Request>

// `next(undefined)` would carry on as if nothing failed.
const REJECTED_WITHOUT_REASON = 'crossway: the origin function rejected without a reason'

// Symbol.for: an ESM and a CJS copy of this package (or an app-wide and a router-level
// `cors()` from different copies) must still see each other's mark.
const kDecided = Symbol.for('crossway.decided')
interface DecidedRequest extends Request {
  [kDecided]?: true
}

const STACKED_WARNING =
  'crossway: a request reached two @crossway/express middlewares; the first one (usually the app-wide one) decided it and the later one did nothing. Mount each policy on the paths it governs only (see "One policy per request" in the @crossway/express README).'

const kVary = Symbol('crossway.vary')
const kSetHeader = Symbol('crossway.setHeader')

type SetHeader = Response['setHeader']
interface TrackedResponse extends Response {
  [kVary]?: string
  [kSetHeader]?: SetHeader
}

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
  const decide = policy.decide
  const mayBeAsync = policy.mayBeAsync

  let warnedStacked = false

  return function crosswayCors(req: Request, res: Response, next: NextFunction): void {
    const marked = req as DecidedRequest
    if (marked[kDecided] === true) {
      // Stacked under another Crossway middleware (app-wide plus a router's): the first one a
      // request meets decides it, preflight and actual request alike, since a preflight is
      // answered before routing could ever reach this one (semantics.md §7a).
      if (!warnedStacked) {
        warnedStacked = true
        process.emitWarning(STACKED_WARNING, { code: 'CROSSWAY_STACKED' })
      }
      next()
      return
    }
    marked[kDecided] = true
    const h = req.headers
    // Node joins repeated lines with ', ', which is exactly what the core needs to spot them.
    const decision: CorsDecision | Promise<CorsDecision> = decide(
      req.method,
      h.origin,
      h['access-control-request-method'],
      h['access-control-request-headers'],
      h['access-control-request-private-network'] as string | undefined,
      req,
    )
    if (mayBeAsync && typeof (decision as Promise<CorsDecision>).then === 'function') {
      // A rejecting origin function grants nothing: its error goes to Express's error handling
      // (Express 4 ignores returned promises, so it is routed here). So does a failure to write
      // headers that someone else sent while we waited (a timeout middleware).
      ;(decision as Promise<CorsDecision>)
        .then((d) => apply(d, res, next))
        .catch((err: unknown) => next(err || new Error(REJECTED_WITHOUT_REASON)))
      return
    }
    apply(decision as CorsDecision, res, next)
  }
}

function apply(d: CorsDecision, res: Response, next: NextFunction): void {
  const headers = d.headers
  for (let i = 0; i < headers.length; i++) {
    const pair = headers[i]!
    res.setHeader(pair[0], pair[1])
  }
  const vary = d.vary
  if (vary !== undefined) res.setHeader('vary', mergeVary(res.getHeader('vary'), vary)!)

  if (d.respond) {
    res.statusCode = d.status
    // A non-204 answer states its empty length so no client or proxy waits for a body;
    // a 204 must not carry one (RFC 9110 §8.6).
    if (d.status !== 204) res.setHeader('content-length', '0')
    res.end()
    return
  }
  if (vary !== undefined) keepVary(res as TrackedResponse, vary)
  next()
}

// Apps replace Vary after us all the time (`res.set('Vary', …)`, `res.writeHead(200, { vary })`,
// a compression middleware). Every one of those writes goes through `res.setHeader` (Node routes
// writeHead's headers there once any header is set, and ours always is), so merging at that
// single funnel keeps `Origin` on the final response. The funnel is installed once per response
// prototype (Express gives each app its own `app.response`), so a request only stores its
// tokens; Node's shared prototype is never touched, a bare `http` response is patched alone.
const patchedPrototypes = new WeakSet<object>()

function keepVary(res: TrackedResponse, vary: string): void {
  res[kVary] = vary
  const proto = Object.getPrototypeOf(res) as TrackedResponse
  if (proto === ServerResponse.prototype) {
    if (res[kSetHeader] === undefined) {
      res[kSetHeader] = res.setHeader
      res.setHeader = setHeaderKeepingVary as SetHeader
    }
  } else if (!patchedPrototypes.has(proto)) {
    patchedPrototypes.add(proto)
    proto[kSetHeader] = proto.setHeader
    proto.setHeader = setHeaderKeepingVary as SetHeader
  }
}

function setHeaderKeepingVary(
  this: TrackedResponse,
  name: string,
  value: number | string | readonly string[],
): TrackedResponse {
  const vary = this[kVary]
  if (vary !== undefined && name.length === 4 && name.toLowerCase() === 'vary') {
    // `Vary: *` stays alone: mergeVary leaves it untouched (semantics.md §6).
    value = mergeVary(value, vary) ?? value
  }
  return this[kSetHeader]!.call(this, name, value) as TrackedResponse
}

export default cors
