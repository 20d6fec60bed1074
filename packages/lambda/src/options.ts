import { CorsConfigError, type CorsConfigIssue } from '@crossway/core'
import type { LambdaCorsResult } from './events'

/**
 * What `withCors` takes besides the policy (its third argument): how the Lambda side behaves.
 * Kept apart from the CORS policy, whose options are the core's.
 */
export interface LambdaCorsOptions<Event = unknown, Context = unknown, Result = unknown> {
  /**
   * Turns an error into a response that keeps its CORS headers, so browser code can read it.
   * Called when the handler throws or rejects (its result then gets the CORS headers like any
   * other) and when an `origin` function throws (its result is sent as is: nothing is granted,
   * semantics.md §2). Without it the error is rethrown, Lambda reports a failed invocation, and
   * API Gateway or the function URL answers with its own 5xx page, which has no CORS headers.
   * An error it throws itself is rethrown.
   * @default none (errors are rethrown)
   * @example
   * withCors(handler, policy, {
   *   onError: (error) => {
   *     console.error(error)
   *     return { statusCode: 500, body: JSON.stringify({ message: 'Internal Server Error' }) }
   *   },
   * })
   */
  onError?: (
    error: unknown,
    event: Event,
    context: Context,
  ) => Result | LambdaCorsResult | PromiseLike<Result | LambdaCorsResult>
}

const OPTION_NAMES = new Set(['onError'])

/**
 * Checks the Lambda options when `withCors` is called (a cold start), never per invocation:
 * a bad one throws `CorsConfigError`, with the core's issue codes.
 */
export function validateLambdaOptions(options: unknown): void {
  if (options === undefined) return
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new CorsConfigError([
      issue(
        'invalid-option-type',
        'lambdaOptions',
        `withCors()'s third argument is ${describe(options)}; pass an object such as { onError }, or leave it out`,
      ),
    ])
  }
  const issues: CorsConfigIssue[] = []
  for (const name of Object.keys(options)) {
    if (OPTION_NAMES.has(name)) continue
    issues.push(issue('unknown-option', name, unknownOptionHint(name)))
  }
  const onError = (options as { onError?: unknown }).onError
  if (onError !== undefined && typeof onError !== 'function') {
    issues.push(
      issue(
        'invalid-option-type',
        'onError',
        `is ${describe(onError)}; write a function (error, event, context) => result`,
      ),
    )
  }
  if (issues.length > 0) throw new CorsConfigError(issues)
}

/**
 * `onError` written into the policy (the second argument) instead of the Lambda options: the
 * core would only call it an unknown option, so this says where it goes.
 */
export function checkPolicyHasNoLambdaOption(policy: unknown): void {
  if (typeof policy === 'object' && policy !== null && 'onError' in policy) {
    throw new CorsConfigError([
      issue(
        'unknown-option',
        'onError',
        'is an option of withCors() itself, not of the CORS policy: pass it as the third argument, withCors(handler, policy, { onError })',
      ),
    ])
  }
}

function unknownOptionHint(name: string): string {
  if (name.toLowerCase() === 'onerror') return 'is not an option; write onError'
  return "is not an option of withCors()'s third argument, which takes only onError; the CORS policy (origin, credentials, …) is the second argument"
}

function issue(code: CorsConfigIssue['code'], path: string, text: string): CorsConfigIssue {
  return { code, severity: 'error', path, message: `crossway: ${path}: ${text}` }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : `a ${typeof value}`
}
