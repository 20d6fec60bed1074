import type { CaseRequest } from '../case'
import { ACRH, ACRM, ACRPN, ORIGIN } from '../header-names'

type HeaderValue = string | readonly string[]

/** A non-preflight request; `origin` undefined sends no `Origin` at all. */
export function request(
  method: string,
  path: string,
  origin: HeaderValue | undefined,
  extra: Readonly<Record<string, HeaderValue>> = {},
): CaseRequest {
  return { method, path, headers: origin === undefined ? { ...extra } : { [ORIGIN]: origin, ...extra } }
}

/** `GET path` with the given `Origin`. */
export function get(path: string, origin: HeaderValue | undefined): CaseRequest {
  return request('GET', path, origin)
}

/**
 * `OPTIONS /resource` carrying `Origin` and `Access-Control-Request-Method`, plus
 * `Access-Control-Request-Headers` when given. `/resource` has its own `OPTIONS` route, so a
 * preflight answered by the middleware proves the route did not run.
 */
export function preflight(
  origin: HeaderValue,
  requestMethod: HeaderValue,
  requestHeaders?: HeaderValue,
  extra: Readonly<Record<string, HeaderValue>> = {},
  path = '/resource',
): CaseRequest {
  const headers: Record<string, HeaderValue> = { [ORIGIN]: origin, [ACRM]: requestMethod }
  if (requestHeaders !== undefined) headers[ACRH] = requestHeaders
  return { method: 'OPTIONS', path, headers: { ...headers, ...extra } }
}

/** A preflight that also asks for private-network access (`ACRPN`). */
export function pnaPreflight(
  origin: string,
  requestMethod: string,
  requestPrivateNetwork: HeaderValue,
): CaseRequest {
  return preflight(origin, requestMethod, undefined, { [ACRPN]: requestPrivateNetwork })
}

/** The same request sent over a raw socket, for bytes `node:http` refuses to write. */
export function raw(req: CaseRequest): CaseRequest {
  return { ...req, transport: 'raw' }
}
