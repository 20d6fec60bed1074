import type { CorsConfigErrorCode, CorsOptions, CorsRejection } from '@crossway/core'
import type { ConformanceRequest } from './harness'

/**
 * A policy as a case gives it: an object, or a factory for policies holding functions
 * (an `origin` function, `onReject`) so that each server gets fresh ones. Cases that share a
 * policy (the same object or factory, by identity) share one server.
 */
export type PolicySource = CorsOptions<any> | (() => CorsOptions<any>)

/**
 * The request of a case. `transport: 'raw'` sends the bytes over a plain `node:net` socket
 * (values encoded as UTF-8), for what `node:http` refuses to write: control characters,
 * non-Latin-1 text. Harnesses without a socket (`RunningApp.send`) skip those cases.
 */
export interface CaseRequest extends ConformanceRequest {
  readonly transport?: 'raw'
}

/**
 * How `Vary` must read, token by token (case-insensitive, any order): `exact` is the whole
 * set (no duplicates; `[]` means no `Vary` at all), `has` and `lacks` are partial checks.
 */
export interface VaryExpectation {
  readonly exact?: readonly string[]
  readonly has?: readonly string[]
  readonly lacks?: readonly string[]
}

/** The `onReject` call a case expects: every field but `message`, which must be a non-empty sentence. */
export type ExpectedRejection = Omit<CorsRejection, 'message'>

export interface CaseExpectation {
  /** The exact status, or `'5xx'` where the framework's error handling chooses. */
  readonly status: number | '5xx'
  /**
   * Exact values. List headers (`Access-Control-Allow-Methods`, `-Allow-Headers`,
   * `-Expose-Headers`) are compared token by token in any order; `Vary` goes in `vary`.
   */
  readonly headers?: Readonly<Record<string, string>>
  /** Header names that must be present with any value. */
  readonly present?: readonly string[]
  /** Header names that must not be there. */
  readonly absent?: readonly string[]
  readonly vary?: VaryExpectation
  /**
   * The `x-handler` id of the route that must have run, or `false` when no route may run.
   * Left out only where the framework's error page hides it (a route that throws).
   */
  readonly handlerCalled?: string | false
  readonly body?: string
  /** The single `onReject` call; when left out, `onReject` must not have been called. */
  readonly rejection?: ExpectedRejection
}

/** One row of the conformance table. */
export interface ConformanceCase {
  /** `<area>/<what>`, unique, stable: harnesses skip cases by id. */
  readonly id: string
  /** The section of `semantics.md` the case checks, e.g. `'§5'`. */
  readonly spec: string
  readonly policy: PolicySource
  readonly request: CaseRequest
  readonly expect: CaseExpectation
}

/** A policy `start` must refuse with a `CorsConfigError` of this `code` (semantics.md §3). */
export interface ConfigErrorCase {
  readonly id: string
  readonly spec: string
  readonly policy: Readonly<Record<string, unknown>>
  readonly code: CorsConfigErrorCode
}
