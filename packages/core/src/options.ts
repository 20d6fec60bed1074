import type { CorsConfigWarning } from './errors'
import type { CorsRejection } from './rejection'

/**
 * Decides whether an origin may read responses. Called with the request's `Origin`
 * value and the native request (the framework's request object in an adapter, the
 * `Request` on the Web path). Only `true` allows.
 *
 * If it throws or its promise rejects, nothing is granted and the error goes to the
 * framework's own error handling. See `semantics.md` §2.
 */
export type CorsOriginFunction<Req = unknown> = (origin: string, request: Req) => boolean | Promise<boolean>

/** An origin function that answers synchronously: the fast path then never returns a promise. */
export type CorsSyncOriginFunction<Req = unknown> = (origin: string, request: Req) => boolean

/** One entry of an origin list: a bare origin string (wildcards allowed) or a RegExp anchored at both ends. */
export type CorsOriginEntry = string | RegExp

/** Every form the `origin` option takes. */
export type CorsOrigin<Req = unknown> =
  | '*'
  | string
  | RegExp
  | readonly CorsOriginEntry[]
  | CorsOriginFunction<Req>

/** A list option: an array of names, a comma-separated string, or `'*'`. */
export type CorsList = string | readonly string[]

/**
 * A CORS policy, as users write it. Names follow the `cors` package so configs carry over.
 * Validated once by `createCors`, which throws `CorsConfigError` on any mistake.
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export interface CorsOptions<Req = unknown> {
  /**
   * Which origins may read responses: `'*'`, an exact origin (`https://app.example.com`),
   * a subdomain or port wildcard (`https://*.example.com`, `http://localhost:*`; never over a
   * public suffix such as `*.co.uk`), a RegExp anchored at both ends on every alternative
   * (`/^https:\/\/(a|b)\.example\.com$/`) without nested or overlapping quantifiers, a
   * non-empty array of those, or a function.
   * @default '*'
   */
  origin?: CorsOrigin<Req>
  /**
   * Methods allowed in preflights. The six methods Fetch normalises are upper-cased;
   * any other is kept as written.
   * @default 'GET,HEAD,PUT,PATCH,POST,DELETE'
   */
  methods?: CorsList
  /**
   * Request headers allowed in preflights; `'*'` allows any requested header.
   * @default '*'
   */
  allowedHeaders?: CorsList
  /**
   * Response headers that browser scripts may read (`Access-Control-Expose-Headers`).
   * @default none
   */
  exposedHeaders?: CorsList
  /**
   * Send `Access-Control-Allow-Credentials: true` (cookies, HTTP auth). Refused with `origin: '*'`.
   * @default false
   */
  credentials?: boolean
  /**
   * Seconds a browser may cache a preflight (`Access-Control-Max-Age`), 0–86400.
   * @default none (no header; browsers then cache for about 5 seconds)
   */
  maxAge?: number
  /**
   * Status of a successful preflight, 200–299.
   * @default 204
   */
  optionsSuccessStatus?: number
  /**
   * Pass allowed preflights on to the application instead of answering them.
   * @default false
   */
  preflightContinue?: boolean
  /**
   * Answer Private Network Access preflights (`Access-Control-Request-Private-Network: true`).
   * @default false
   */
  privateNetwork?: boolean
  /**
   * Development aid: answer preflights refused for a method or a header with the parts
   * that passed, so the browser console names the part that failed. See `semantics.md` §5.
   * @default false
   */
  debug?: boolean
  /**
   * Called once for each refused CORS request, with a reason a person can act on.
   * Errors it throws (or promises it rejects) are swallowed.
   * @default none
   */
  onReject?: (rejection: CorsRejection) => void | Promise<void>
  /**
   * Cross-site request forgery protection from the same policy (`semantics.md` §10): a
   * request with an unsafe method (not GET, HEAD or OPTIONS) that a browser marks as coming
   * from another site (`Sec-Fetch-Site`, or without it an `Origin` whose host is not the
   * request's `Host`) is refused with a bare 403 before the application runs, unless its
   * `Origin` is one this policy allows. `true`, or an object for the extras. Refused with
   * `origin: '*'`.
   * @default false
   */
  csrf?: boolean | CorsCsrfOptions
  /**
   * `Cache-Control` for the preflights the middleware allows and answers, so a CDN or shared
   * cache in front can answer repeat preflights itself: a number of seconds
   * (`public, max-age=N`, 0–31536000) or a header value written as is. Allowed preflights
   * then also vary on `Access-Control-Request-Private-Network`, and refused ones (403s, and
   * `debug`'s answers) carry `Cache-Control: no-store`, so no cache keeps a refusal or serves
   * one origin's answer to another. Not applied with `preflightContinue` (the application
   * answers those). See docs/preflight-caching.md.
   * @default none (no `Cache-Control` on preflights)
   */
  cacheControl?: number | string
  /**
   * Called once per legal but surprising setting when the policy is built (and again when a
   * live policy is reconfigured): `maxAge` above what browsers honour, a method Node cannot
   * route, … (`CorsConfigWarningCode`). Never called per request; errors it throws are
   * swallowed, like `onReject`'s. `crossway check` prints the same warnings.
   * @default none (warnings are only returned by `validateOptions(options, { warnings: true })`)
   * @example
   * createCors({ origin, maxAge: 86400, onWarning: (w) => logger.warn(w.message) })
   */
  onWarning?: (warning: CorsConfigWarning) => void
}

/** The extras of the `csrf` option. */
export interface CorsCsrfOptions {
  /**
   * Decide and report (`onReject` with reason `csrf`) but let forged requests through: to
   * watch what the rule would refuse on live traffic before turning it on.
   * @default false
   */
  reportOnly?: boolean
  /**
   * The request header that holds the host the browser addressed, for when a proxy in front
   * rewrites `Host` (e.g. `'x-forwarded-host'`). Only used for requests without
   * `Sec-Fetch-Site`; name a header only when your proxy always sets or overwrites it, or a
   * client could choose the host it is compared with.
   * @default 'host'
   */
  hostHeader?: string
}

/** The option names, in the order of `semantics.md` §2: validation reports issues in this order. */
export const CORS_OPTION_NAMES = [
  'origin',
  'methods',
  'allowedHeaders',
  'exposedHeaders',
  'credentials',
  'maxAge',
  'optionsSuccessStatus',
  'preflightContinue',
  'privateNetwork',
  'debug',
  'onReject',
  'csrf',
  'cacheControl',
  'onWarning',
] as const satisfies readonly (keyof CorsOptions)[]
