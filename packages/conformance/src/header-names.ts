/** Response headers the suite inspects, lower-cased as Node reports them. */
export const ACAO = 'access-control-allow-origin'
export const ACAC = 'access-control-allow-credentials'
export const ACAM = 'access-control-allow-methods'
export const ACAH = 'access-control-allow-headers'
export const ACEH = 'access-control-expose-headers'
export const ACMA = 'access-control-max-age'
export const ACAPN = 'access-control-allow-private-network'
export const VARY = 'vary'
/** Set by every standard route, so a case can tell whether the application ran. */
export const X_HANDLER = 'x-handler'

/** Request headers a case sends. */
export const ORIGIN = 'origin'
export const ACRM = 'access-control-request-method'
export const ACRH = 'access-control-request-headers'
export const ACRPN = 'access-control-request-private-network'

/** Every header the middleware may write: a refused request carries none of them. */
export const ALL_CORS_HEADERS: readonly string[] = [ACAO, ACAC, ACAM, ACAH, ACEH, ACMA, ACAPN]

/** Headers that belong to preflight answers only (semantics.md §4 lists what an actual response gets). */
export const PREFLIGHT_ONLY_HEADERS: readonly string[] = [ACAM, ACAH, ACMA, ACAPN]

/**
 * Headers whose values are comma-separated lists, compared token by token. The boolean says
 * whether tokens are trimmed: the middleware writes lists without spaces (semantics.md,
 * preamble), while `Vary` is joined with `, ` and may be merged with the application's value.
 */
export const LIST_HEADERS: Readonly<
  Record<string, { readonly trim: boolean; readonly ignoreCase: boolean }>
> = {
  [ACAM]: { trim: false, ignoreCase: false },
  [ACAH]: { trim: false, ignoreCase: false },
  [ACEH]: { trim: false, ignoreCase: false },
  [VARY]: { trim: true, ignoreCase: true },
}

/** The `Vary` tokens of a preflight answer (semantics.md §6). */
export const VARY_PREFLIGHT: readonly string[] = [
  'Origin',
  'Access-Control-Request-Method',
  'Access-Control-Request-Headers',
]

/** The `Vary` tokens of a preflight answer when `privateNetwork` is on. */
export const VARY_PREFLIGHT_PNA: readonly string[] = [
  ...VARY_PREFLIGHT,
  'Access-Control-Request-Private-Network',
]

/** A preflight answer under `origin: '*'`: nothing varies by origin. */
export const VARY_PREFLIGHT_ANY_ORIGIN: readonly string[] = [
  'Access-Control-Request-Method',
  'Access-Control-Request-Headers',
]
