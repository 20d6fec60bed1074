import type { ConformanceRequest, ConformanceResponse, RouteSpec } from './harness'
import { standardRoutes } from './harness'

/** A fetch-style application: what `cors.handle` wraps on the Web path. */
export type WebApp = (request: Request) => Response

/**
 * The standard routes as a fetch-style handler, for the core's Web path, its benchmark and
 * the Next tests. A route with `throws` throws `Error('boom')`, leaving the error page to the
 * runtime; a path with no route for the method answers 404.
 *
 * @example
 * const app = createWebApp()
 * const response = await createCors(policy).handle(request, app)
 */
export function createWebApp(routes: readonly RouteSpec[] = standardRoutes): WebApp {
  const table = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]))
  return (request) => {
    const route = table.get(`${request.method} ${new URL(request.url).pathname}`)
    if (!route) return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } })
    if (route.throws) throw new Error('boom')
    return new Response(route.body ?? '', {
      status: route.status ?? 200,
      headers: { 'content-type': 'text/plain', 'x-handler': route.id, ...route.headers },
    })
  }
}

/**
 * Cases the Web path cannot pass by design: when `next` throws, `handle` rejects and the
 * runtime's own error page carries no CORS headers (semantics.md §4, "On the Web path").
 */
export const webPathSkips: Readonly<Record<string, string>> = {
  'actual/thrown-error-keeps-cors-headers':
    'Web path: a throwing `next` rejects `handle`; the runtime 500 has no CORS (§4)',
  'actual/thrown-error-under-any-keeps-star':
    'Web path: a throwing `next` rejects `handle`; the runtime 500 has no CORS (§4)',
  'actual/thrown-error-refused-origin':
    'Web path: a throwing `next` rejects `handle`; the runtime 500 has no Vary (§4)',
}

/** Builds a `Request` from a case's request; an array value becomes repeated `append`s, as several lines would. */
export function toWebRequest(request: ConformanceRequest, base = 'http://localhost'): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    for (const line of typeof value === 'string' ? [value] : value) headers.append(name, line)
  }
  return new Request(new URL(request.path, base), { method: request.method, headers })
}

/** Reads a `Response` into the runner's shape: lower-case names, repeated values joined with `, `. */
export async function fromWebResponse(response: Response): Promise<ConformanceResponse> {
  const headers: Record<string, string> = {}
  for (const [name, value] of response.headers) {
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value
  }
  return { status: response.status, headers, body: await response.text() }
}
