// Header names as the core writes and reads them: lower-case, so Node's `setHeader` and
// `Headers` store them without re-casing, and one constant serves every adapter.
export const ORIGIN = 'origin'
export const VARY = 'vary'
export const CONTENT_LENGTH = 'content-length'
export const ALLOW_ORIGIN = 'access-control-allow-origin'
export const ALLOW_CREDENTIALS = 'access-control-allow-credentials'
export const ALLOW_METHODS = 'access-control-allow-methods'
export const ALLOW_HEADERS = 'access-control-allow-headers'
export const EXPOSE_HEADERS = 'access-control-expose-headers'
export const MAX_AGE = 'access-control-max-age'
export const ALLOW_PRIVATE_NETWORK = 'access-control-allow-private-network'
export const REQUEST_METHOD = 'access-control-request-method'
export const REQUEST_HEADERS = 'access-control-request-headers'
export const REQUEST_PRIVATE_NETWORK = 'access-control-request-private-network'
export const FETCH_SITE = 'sec-fetch-site'
export const HOST = 'host'
export const CACHE_CONTROL = 'cache-control'

/**
 * The response headers a CORS policy owns (lower-case): an answer carries each at most once,
 * and only the policy's own value. For code that has to replace a handler's hand-written copies
 * (as `@crossway/lambda` does) or to check a response for duplicates.
 */
export const CORS_RESPONSE_HEADER_NAMES: readonly string[] = Object.freeze([
  ALLOW_ORIGIN,
  ALLOW_CREDENTIALS,
  ALLOW_METHODS,
  ALLOW_HEADERS,
  EXPOSE_HEADERS,
  MAX_AGE,
  ALLOW_PRIVATE_NETWORK,
])

// `Vary` tokens in their conventional casing (`mergeVary` compares case-insensitively).
export const VARY_ORIGIN = 'Origin'
export const VARY_PREFLIGHT = 'Access-Control-Request-Method, Access-Control-Request-Headers'
export const VARY_PRIVATE_NETWORK = 'Access-Control-Request-Private-Network'
