import type { ConformanceRequest } from '@crossway/conformance'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']

function header(request: ConformanceRequest, name: string): string | null {
  const value = request.headers[name]
  if (value === undefined) return null
  return typeof value === 'string' ? value : value.join(', ')
}

/**
 * The origin of the URL Astro serves (`context.url.origin`), which its origin check compares
 * `Origin` with. The Node adapters of Astro 5 and 7 take the host from `Host` only when
 * `security.allowedDomains` lists it (the fixture lists none: `http://localhost`); Astro 6's
 * takes `Host` as sent. test/check-origin.test.ts reads it from the server to confirm.
 */
export function servedOrigin(astroMajor: number, host: string): string {
  return astroMajor === 6 ? `http://${host}` : 'http://localhost'
}

/**
 * Whether Astro's `security.checkOrigin` (on by default) answers `request` with its own 403,
 * "Cross-site <METHOD> form submissions are forbidden", before any middleware runs. Astro
 * compares the browser's metadata with the URL it serves (`servedOrigin`). Transcribed from
 * Astro's source, and proven against the real server by test/check-origin.test.ts:
 * - Astro 5 and 6 (`core/app/middlewares.js`): an unsafe method whose `Origin` is not the URL's
 *   origin (no `Origin` included), with a form-like `Content-Type` or none.
 * - Astro 7 (`core/app/origin-check.js`): an unsafe method with a form-like `Content-Type` or
 *   none, then `Sec-Fetch-Site` decides when sent (`same-origin` and `none` pass), else an
 *   `Origin` that is present and not the URL's origin.
 * Safe methods (`OPTIONS` included: preflights) are never refused.
 */
export function refusedByCheckOrigin(
  request: ConformanceRequest,
  astroMajor: number,
  serverHost: string,
): boolean {
  if (SAFE.has(request.method)) return false
  const type = header(request, 'content-type')
  const formLike = type === null || FORM_TYPES.some((t) => type.toLowerCase().includes(t))
  if (!formLike) return false
  const origin = header(request, 'origin')
  const self = servedOrigin(astroMajor, header(request, 'host') ?? serverHost)
  if (astroMajor <= 6) return origin !== self
  const site = header(request, 'sec-fetch-site')
  if (site !== null && site !== '') return site !== 'same-origin' && site !== 'none'
  return origin !== null && origin !== '' && origin !== self
}

/** Astro's own answer to a refused request, as its origin check writes it. */
export function checkOriginBody(method: string): string {
  return `Cross-site ${method} form submissions are forbidden`
}
