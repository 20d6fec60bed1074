import type { CorsRejectionReason } from './rejection'

/** A response header to write: `[lower-case name, value]`. */
export type CorsHeader = readonly [name: string, value: string]

interface CorsDecisionBase {
  /** Headers to set on the response, in order. Frozen, often shared between requests: never mutate. */
  readonly headers: readonly CorsHeader[]
  /**
   * `Vary` tokens this response must carry (`'Origin'`, or with the preflight tokens), to be
   * merged into the application's own `Vary` with `mergeVary`; `undefined` when nothing varies.
   */
  readonly vary: string | undefined
}

/** A request without an `Origin`: continue to the application. */
export interface CorsNotCorsDecision extends CorsDecisionBase {
  readonly kind: 'not-cors'
  readonly allowed: true
  readonly reason: undefined
  readonly respond: false
}

/** A CORS request that is not a preflight: set the headers, then continue to the application. */
export interface CorsActualDecision extends CorsDecisionBase {
  readonly kind: 'actual'
  readonly allowed: boolean
  readonly reason: CorsRejectionReason | undefined
  readonly respond: false
}

/**
 * A request refused by CSRF protection (`semantics.md` §10): a cross-site request with an
 * unsafe method from an origin the policy does not allow. The middleware answers it by
 * itself with `status` (403), the headers (`content-length: 0`) and an empty body, without
 * calling the application, exactly as it answers a preflight.
 */
export interface CorsForgeryDecision extends CorsDecisionBase {
  readonly kind: 'actual'
  readonly allowed: false
  readonly reason: 'csrf'
  readonly respond: true
  readonly status: number
}

/**
 * A preflight. When `respond` is true the middleware answers it by itself with `status`,
 * the headers and an empty body, without calling the application; the headers then already
 * include `content-length: 0` unless the status is 204, so writing them all and ending is the
 * whole answer. When false (`preflightContinue`), it sets the headers and continues.
 */
export interface CorsPreflightDecision extends CorsDecisionBase {
  readonly kind: 'preflight'
  readonly allowed: boolean
  readonly reason: CorsRejectionReason | undefined
  readonly respond: boolean
  readonly status: number
}

/** What the core decided for one request: a discriminated union on `kind`. */
export type CorsDecision =
  | CorsNotCorsDecision
  | CorsActualDecision
  | CorsForgeryDecision
  | CorsPreflightDecision
