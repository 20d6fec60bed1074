/**
 * Whether a request is a CORS preflight (semantics.md §1): `OPTIONS` with an `Origin` and a
 * non-empty `Access-Control-Request-Method`. Adapters that pick a route's policy by the
 * preflighted method use this, so they classify exactly as `decide` does.
 *
 * @example
 * const method = isPreflight(req.method, h.origin, acrm) ? acrm : req.method
 */
export function isPreflight(
  method: string,
  origin: string | undefined,
  requestMethod: string | undefined,
): boolean {
  return (
    method === 'OPTIONS' &&
    origin !== undefined &&
    origin !== '' &&
    requestMethod !== undefined &&
    requestMethod !== ''
  )
}
