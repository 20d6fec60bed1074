// Next.js 16 runs proxy.ts (formerly middleware.ts) before routing, on the Node.js runtime. Here
// it counts OPTIONS requests, picks the CORS policy for the path, and adds the two headers
// every /api response carries. Each policy is validated once, when Next loads this module: a
// bad one throws CorsConfigError and every request under the matcher fails with a 500.
import { withCors } from '@crossway/next'
import { type NextRequest, NextResponse } from 'next/server'
import { createPreflightCounter, requestId } from '../shared/index.js'
import { sharedApiPolicy, standardRoutesPolicy } from './lib/cors-policy'

// Continues to the route with the headers every /api response carries: `x-request-id`, which
// the policy exposes, and `x-internal`, which it does not (the browser must hide it). Next
// copies them onto the route's response, its own 500 and 404 pages included.
function withApiHeaders(): NextResponse {
  return NextResponse.next({ headers: { 'x-request-id': requestId(), 'x-internal': 'not-exposed' } })
}

// withCors(middleware, policy): preflights are answered before `withApiHeaders` runs, as
// cors() would; every other response gets the CORS headers on top of its own.
const sharedApi = withCors(withApiHeaders, sharedApiPolicy)
const standardRoutes = withCors(withApiHeaders, standardRoutesPolicy)

const SHARED_API_ROUTES = /^\/api\/(?:hello|items|cookie|whoami)$/

// The counter lives in this module, and GET /__stats is answered from here too: proxy.ts is
// bundled apart from the route handlers, so a route reading this count would need it shared
// through globalThis. One module, one counter.
const preflights = createPreflightCounter()

export function proxy(request: NextRequest): Response | Promise<Response> {
  // First: the CORS middlewares answer preflights without calling anything behind them.
  preflights.observe(request.method, request.nextUrl.pathname + request.nextUrl.search, request.headers)
  const { pathname } = request.nextUrl
  if (pathname === '/__stats') return Response.json(preflights.stats())
  // /api/public/* route handlers carry their own public policy (withCors on the handlers), so
  // exactly one policy answers there.
  if (pathname.startsWith('/api/public/')) return NextResponse.next()
  return SHARED_API_ROUTES.test(pathname) ? sharedApi(request) : standardRoutes(request)
}

// /embed/* are pages: they get the CORS headers, but Next replaces a page's `Vary` with its own,
// so `Vary: Origin` does not reach the client there (packages/next/README.md).
export const config = {
  matcher: ['/api/:path*', '/embed/:path*', '/__stats'],
}
