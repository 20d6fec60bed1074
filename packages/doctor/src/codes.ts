/**
 * Every problem the doctor reports: something the server (or, for a few, the page) should
 * change. A problem does not always block: `verdict` says whether the browser would block the
 * request, and the README's table says which codes do.
 */
export const PROBLEM_CODES = [
  'acao-missing',
  'acao-mismatch',
  'acao-trailing-slash',
  'acao-case',
  'acao-list',
  'acao-duplicate',
  'acao-wildcard-with-credentials',
  'acac-missing',
  'acac-not-true',
  'preflight-status',
  'preflight-redirect',
  'acam-unparsable',
  'acah-unparsable',
  'method-not-allowed',
  'method-wildcard-with-credentials',
  'header-not-allowed',
  'header-wildcard-with-credentials',
  'wildcard-authorization',
  'actual-redirect',
  'mixed-content',
  'vary-origin-missing',
  'credentials-any-origin',
  'max-age-capped',
  'local-network-access',
  'third-party-cookies',
] as const

/** One of `PROBLEM_CODES`. */
export type ProblemCode = (typeof PROBLEM_CODES)[number]

/** Things worth knowing that need no change on the server. */
export const WARNING_CODES = [
  'same-origin',
  'origin-normalised',
  'method-not-normalised',
  'forbidden-header-dropped',
  'preflight-cache-hit',
  'redirect-followed',
  'reflects-any-origin',
  'max-age-unparsable',
  'second-origin-skipped',
  'engines-disagree',
] as const

/** One of `WARNING_CODES`. */
export type WarningCode = (typeof WARNING_CODES)[number]

/** One problem: what is wrong, and what to change (naming the Crossway option when the server looks like Crossway). */
export interface Problem {
  code: ProblemCode
  message: string
  fix: string
}

export interface Warning {
  code: WarningCode
  message: string
}
