/**
 * Every kind of policy mistake `createCors` refuses. See the table in `semantics.md` §3.
 *
 * | code | refused |
 * |---|---|
 * | `unknown-option` | an option name Crossway does not have (`allowHeaders`, `maxage`, …) |
 * | `invalid-option-type` | a value of the wrong type (`origin: true`, `credentials: 'yes'`, …) |
 * | `invalid-origin` | a string that is not a bare origin, an empty array, `'*'` inside an array |
 * | `unsafe-origin` | a wildcard over a public suffix (`https://*.com`, `*.co.uk`, `*.github.io`), a RegExp not anchored at both ends on every alternative, one with nested or overlapping quantifiers, or with the `g` or `y` flag |
 * | `credentials-with-wildcard` | `credentials: true` with `origin: '*'` or `exposedHeaders: '*'` |
 * | `credentials-with-null-origin` | `credentials: true` with the literal `null` origin |
 * | `invalid-method` | a method that is not a token, or `CONNECT`/`TRACE`/`TRACK` |
 * | `invalid-header-name` | a name that is not a token, or one a browser can never send / read |
 * | `invalid-max-age` | `maxAge` that is not an integer from 0 to 86400 |
 * | `invalid-status` | `optionsSuccessStatus` outside 200–299 |
 * | `csrf-with-wildcard` | `csrf` on with `origin: '*'` (every origin would be trusted) |
 * | `invalid-cache-control` | `cacheControl` that is not a whole number of seconds (0–31536000) or a non-empty header value |
 */
export type CorsConfigErrorCode =
  | 'unknown-option'
  | 'invalid-option-type'
  | 'invalid-origin'
  | 'unsafe-origin'
  | 'credentials-with-wildcard'
  | 'credentials-with-null-origin'
  | 'invalid-method'
  | 'invalid-header-name'
  | 'invalid-max-age'
  | 'invalid-status'
  | 'csrf-with-wildcard'
  | 'invalid-cache-control'

/** One problem in a policy: `path` names the option as written (`origin[1]`, `allowedHeaders[0]`). */
export interface CorsConfigIssue {
  readonly code: CorsConfigErrorCode
  /** Always `'error'` in what `validateOptions` returns; optional so hand-built issues stay valid. */
  readonly severity?: 'error'
  readonly path: string
  /** Starts with `crossway:` and says what to write instead. */
  readonly message: string
}

/**
 * Every kind of legal but surprising setting `validateOptions(options, { warnings: true })`
 * reports. A warning never makes `createCors` throw; it reaches the `onWarning` option once,
 * when the policy is built.
 *
 * | code | reported |
 * |---|---|
 * | `max-age-capped` | `maxAge` above what an engine honours: WebKit caps at 600 s, Chromium at 7200 s (Firefox honours 86400) |
 * | `unroutable-method` | a method in `methods` that Node's HTTP parser (under Express, Koa, Fastify and Nest) answers with 400 before any router sees it: a lower-case `patch`, a name it does not know |
 * | `cache-control-ignored` | `cacheControl` with `preflightContinue: true`: the application answers preflights, so it owns their `Cache-Control` |
 * | `safelisted-exposed-header` | an `exposedHeaders` name browsers always expose (`content-type`, `cache-control`, …): harmless, and a hint the list is not doing what was meant |
 */
export type CorsConfigWarningCode =
  | 'max-age-capped'
  | 'unroutable-method'
  | 'cache-control-ignored'
  | 'safelisted-exposed-header'

/** A legal but surprising setting: reported, never thrown. `path` names the option as written. */
export interface CorsConfigWarning {
  readonly code: CorsConfigWarningCode
  readonly severity: 'warning'
  readonly path: string
  /** Starts with `crossway:` and says what happens and what to write if that is not meant. */
  readonly message: string
}

// A registry symbol rather than `instanceof`, so the check holds when an app ends up with
// both the ESM and the CJS copy of the package.
const BRAND = Symbol.for('crossway.CorsConfigError')

/**
 * Thrown by `createCors` (and by every adapter when it builds a policy) for a bad policy,
 * at start-up, never per request. `code` is the first issue's; `issues` lists them all.
 *
 * @example
 * try { createCors({ origin: true as never }) } catch (e) { if (isCorsConfigError(e)) console.error(e.issues) }
 */
export class CorsConfigError extends Error {
  readonly code: CorsConfigErrorCode
  readonly issues: readonly CorsConfigIssue[]

  constructor(reported: readonly (CorsConfigIssue | CorsConfigWarning)[], context?: string) {
    // Only errors make a policy fail: a caller that passes `validateOptions(o, { warnings: true })`
    // straight through must not see a warning turned into the reason.
    const issues = reported.filter((i): i is CorsConfigIssue => i.severity !== 'warning')
    const where = context ? ` (${context})` : ''
    const first = issues[0]
    const message =
      issues.length === 1 && first
        ? context
          ? first.message.replace(/^crossway:/, `crossway${where}:`)
          : first.message
        : `crossway${where}: ${issues.length} problems in the CORS policy:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`
    super(message)
    this.name = 'CorsConfigError'
    this.code = first?.code ?? 'invalid-option-type'
    this.issues = Object.freeze([...issues])
  }

  get [BRAND](): true {
    return true
  }
}

/** Whether `value` is a `CorsConfigError`, from this copy of the package or any other. */
export function isCorsConfigError(value: unknown): value is CorsConfigError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
}
