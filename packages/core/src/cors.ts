import type { CorsDecision } from './decision'

/**
 * The application behind `handle`: any fetch-style handler. It may return a `Response` or a
 * promise of one — any thenable, from any realm (semantics.md §4).
 */
export type CorsNext = (request: Request) => Response | PromiseLike<Response>

/**
 * A compiled, frozen CORS policy. Built once by `createCors`; every method is a plain
 * function that can be passed around without `this`.
 *
 * `Decision` is `CorsDecision` when the policy can always answer synchronously (no
 * `origin` function, or one typed to return a boolean), and
 * `CorsDecision | Promise<CorsDecision>` otherwise.
 */
export interface Cors<Req = unknown, Decision extends CorsDecision | Promise<CorsDecision> = CorsDecision> {
  /**
   * The fast path used by adapters: plain header strings in, a decision out. Pass
   * `undefined` for an absent header; repeated header lines joined with `, ` (as Node and
   * `Headers` do). Synchronous unless the `origin` function returns a promise. Throws (or
   * rejects with) whatever an `origin` function throws — except that a `cors`-package-style
   * `(origin, callback)` function's "callback is not a function" becomes a `TypeError` naming
   * the fix, with the original as `cause` (semantics.md §2).
   *
   * With `csrf` on (see `csrf` below), also pass `Sec-Fetch-Site` and the host the browser
   * addressed; without it they are never read.
   *
   * @example
   * const d = cors.decide(req.method, h.origin, h['access-control-request-method'],
   *   h['access-control-request-headers'], h['access-control-request-private-network'], req)
   */
  readonly decide: (
    method: string,
    origin: string | undefined,
    requestMethod: string | undefined,
    requestHeaders: string | undefined,
    requestPrivateNetwork: string | undefined,
    request: Req,
    fetchSite?: string,
    host?: string,
  ) => Decision
  /**
   * The Web path: answers preflights itself; otherwise calls `next(request)` and returns its
   * response with the CORS headers added (on a copy when the response's headers are immutable).
   * Rejects with whatever `next` or an `origin` function throws, and with a `TypeError` when
   * `next` returns something other than a `Response` (a `Response` from another realm counts).
   *
   * @example
   * export default { fetch: (request: Request) => cors.handle(request, app.fetch) }
   */
  readonly handle: (request: Request, next: CorsNext) => Promise<Response>
  /** Whether `decide` may return a promise (the policy has an `origin` function). */
  readonly mayBeAsync: boolean
  /**
   * Set when the policy has `csrf` on: `decide` then also needs `Sec-Fetch-Site` and the
   * value of `hostHeader` (`host` unless configured). `undefined` otherwise, so adapters read
   * those headers only for policies that use them.
   */
  readonly csrf: { readonly hostHeader: string } | undefined
}

/** Anything that decides like a policy from `createCors`, whatever its `origin` function's request type. */
export type CorsDecider<Req = unknown> = Pick<Cors<Req, CorsDecision | Promise<CorsDecision>>, 'decide'> &
  Partial<Pick<Cors<Req, CorsDecision>, 'csrf'>>
