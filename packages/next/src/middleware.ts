import { type CorsPolicyInput, createCors } from '@crossway/core'
// The `.js` suffix matters: `next` has no `exports` map, so Node's ESM resolver (our built
// `dist/index.js` imported outside a bundler, e.g. by a benchmark or a test) cannot find a
// bare `next/server`. Bundlers resolve both spellings to the same module.
import { type NextFetchEvent, type NextRequest, NextResponse } from 'next/server.js'

/** The options of `cors()` and `withCors()`: the core's policy, whose `origin` function receives the `NextRequest`. */
export type NextCorsOptions = CorsPolicyInput<NextRequest>

/** What a Next.js middleware (or Next 16 proxy) may return. */
// biome-ignore lint/suspicious/noConfusingVoidType: as Next's own type, so a middleware declared `(): void` fits.
export type NextMiddlewareResult = Response | null | undefined | void

/**
 * A Next.js middleware (`middleware.ts`) or proxy (`proxy.ts`, Next 16+) function. Declared here
 * rather than imported so the package types work with Next 14 and 15, which have no `NextProxy`.
 */
export type NextCorsMiddleware = (
  request: NextRequest,
  event: NextFetchEvent,
) => NextMiddlewareResult | Promise<NextMiddlewareResult>

/** The function `cors()` and `withCors(middleware)` return: always answers with a `Response`. */
export type CorsMiddleware = (request: NextRequest, event?: NextFetchEvent) => Promise<Response>

// `NextResponse.next()` is how a middleware says "continue to the route": Next copies its
// headers onto the final response and appends (never replaces) the route's own `Vary`.
const continueToRoute = (): Response => NextResponse.next()

/**
 * Builds a Next.js middleware (or proxy) that applies a CORS policy to every path its
 * `config.matcher` selects: it answers preflights itself and lets every other request continue
 * to the route with the CORS headers set on `NextResponse.next()`. The policy is validated once,
 * when the module loads: a bad one throws `CorsConfigError` at start-up.
 *
 * @example
 * // proxy.ts (Next 16+) — or middleware.ts with `export const middleware = …`
 * import { cors } from '@crossway/next'
 * export const proxy = cors({ origin: ['https://app.example.com'] })
 * export const config = { matcher: '/api/:path*' }
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export function cors(options?: NextCorsOptions): CorsMiddleware {
  const policy = createCors(options)
  return function crosswayCors(request) {
    return policy.handle(request, continueToRoute)
  }
}

/**
 * Wraps an existing middleware (or proxy) so every response it returns carries the CORS
 * headers: `NextResponse.next()`, a rewrite, a redirect or a response of its own; returning
 * nothing counts as `NextResponse.next()`. Preflights are answered before `middleware` runs,
 * so its auth checks never see them. Headers it sets are kept; `Vary` is merged.
 *
 * @example
 * import { withCors } from '@crossway/next'
 * export const middleware = withCors(authMiddleware, { origin: ['https://app.example.com'] })
 * export const config = { matcher: '/api/:path*' }
 */
export function withCorsMiddleware(
  middleware: NextCorsMiddleware,
  options?: NextCorsOptions,
): CorsMiddleware {
  const policy = createCors(options)
  return function crosswayCorsWith(request, event) {
    // The user's middleware gets the original NextRequest (nextUrl, cookies, geo), whatever
    // object the core hands to `next`.
    return policy.handle(request, async () => {
      const response = (await middleware(request, event as NextFetchEvent)) as Response | null | undefined
      return response ?? NextResponse.next()
    })
  }
}
