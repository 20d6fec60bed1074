import type { ConformanceRequest, ConformanceResponse, RouteSpec } from '@crossway/conformance'
import { mergeVary } from '@crossway/core'
import { NextRequest } from 'next/server'

/** Where in-process requests pretend to be sent; only the path matters to the routes. */
const BASE = 'http://next.test'

/** Builds the `NextRequest` Next.js would hand a middleware or route handler; array values become repeated lines. */
export function toNextRequest(req: ConformanceRequest): NextRequest {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    for (const line of typeof value === 'string' ? [value] : value) headers.append(name, line)
  }
  return new NextRequest(new URL(req.path, BASE), { method: req.method, headers })
}

export async function toConformanceResponse(
  response: Response,
  method: string,
): Promise<ConformanceResponse> {
  const headers: Record<string, string> = {}
  for (const [name, value] of response.headers) headers[name] = value
  return { status: response.status, headers, body: method === 'HEAD' ? '' : await response.text() }
}

/** The route handler of one standard route, as an App Router `route.ts` would export it. */
export function routeHandler(route: RouteSpec): () => Response {
  return () => {
    if (route.throws) throw new Error('boom')
    return new Response(route.body ?? '', {
      status: route.status ?? 200,
      headers: { 'x-handler': route.id, ...route.headers },
    })
  }
}

/** The standard routes grouped by path: one `{ GET, POST, … }` object per `route.ts`. */
export function routeFiles(routes: readonly RouteSpec[]): Map<string, Record<string, () => Response>> {
  const files = new Map<string, Record<string, () => Response>>()
  for (const route of routes) {
    const file = files.get(route.path) ?? {}
    file[route.method] = routeHandler(route)
    files.set(route.path, file)
  }
  return files
}

/**
 * Stands in for Next.js after a middleware said "continue" (`NextResponse.next()`): runs the
 * route, then merges as Next's `sendResponse` does — the middleware's headers are written
 * first and win, the route's `Vary` is merged in; a route that throws gets Next's empty 500 and
 * a path with no route a 404, both still carrying the middleware's headers. The real behaviour
 * is checked over HTTP against `examples/nextjs`.
 */
export async function continueToRoute(
  files: Map<string, Record<string, () => Response>>,
  request: NextRequest,
  fromMiddleware: Response,
): Promise<Response> {
  const file = files.get(request.nextUrl.pathname)
  const handler = file?.[request.method] ?? (request.method === 'HEAD' ? file?.GET : undefined)
  let routed: Response
  if (!file) routed = new Response('not found', { status: 404 })
  else if (!handler) routed = new Response(null, { status: 405 })
  else {
    try {
      routed = handler()
    } catch {
      routed = new Response(null, { status: 500 })
    }
  }
  const headers = new Headers()
  for (const [name, value] of fromMiddleware.headers) {
    if (!name.startsWith('x-middleware-')) headers.set(name, value)
  }
  for (const [name, value] of routed.headers) {
    if (name === 'vary') continue
    if (!headers.has(name)) headers.set(name, value)
  }
  const vary = mergeVary(routed.headers.get('vary'), fromMiddleware.headers.get('vary') ?? undefined)
  if (vary !== undefined) headers.set('vary', vary)
  return new Response(routed.body, { status: routed.status, headers })
}
