/**
 * Why a request was refused. When several parts of a preflight fail, the first of this list
 * is reported; `csrf` is a forged cross-site request (`semantics.md` §10).
 */
export type CorsRejectionReason = 'origin' | 'malformed' | 'method' | 'header' | 'private-network' | 'csrf'

/** What `onReject` receives for each refused CORS request. See `semantics.md` §8. */
export interface CorsRejection {
  /** Whether the refused request was a preflight or an actual request. */
  readonly kind: 'preflight' | 'actual'
  readonly reason: CorsRejectionReason
  /** The request's `Origin`, as received, cut to its first 1024 bytes. */
  readonly origin: string
  /** The request's own method (`OPTIONS` for a preflight). */
  readonly method: string
  /** The preflight's `Access-Control-Request-Method`, when there was one. */
  readonly requestMethod?: string
  /** With reason `header`: the first refused name, lower-cased. */
  readonly header?: string
  /** One sentence a person can act on. */
  readonly message: string
}
