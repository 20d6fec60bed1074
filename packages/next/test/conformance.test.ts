import {
  type ConformanceCase,
  type ConformanceRequest,
  conformanceCases,
  type Harness,
  type RouteSpec,
  runConformance,
  standardRoutes,
} from '@crossway/conformance'
import type { CorsOptions } from '@crossway/core'
import { cors, withCors } from '@crossway/next'
import type { NextRequest } from 'next/server'
import { continueToRoute, routeFiles, toConformanceResponse, toNextRequest } from './support/standard-routes'

type Middleware = (request: NextRequest) => Promise<Response>

/** Next.js answers a middleware that throws (or rejects) with its own bare 500. */
async function runMiddleware(middleware: Middleware, request: NextRequest): Promise<Response> {
  try {
    return await middleware(request)
  } catch {
    return new Response('Internal Server Error', { status: 500 })
  }
}

/** In-process: a `NextRequest` goes through the middleware; "continue" dispatches to the standard routes. */
function middlewareHarness(name: string, build: (policy: CorsOptions<any>) => Middleware): Harness {
  return {
    name,
    inProcess: true,
    async start(policy, routes) {
      const middleware = build(policy)
      const files = routeFiles(routes)
      return {
        async send(req: ConformanceRequest) {
          const request = toNextRequest(req)
          const response = await runMiddleware(middleware, request)
          const final =
            response.headers.get('x-middleware-next') === '1'
              ? await continueToRoute(files, request, response)
              : response
          return toConformanceResponse(final, req.method)
        },
        close: async () => {},
      }
    },
  }
}

runConformance(middlewareHarness('next middleware: cors()', (policy) => cors(policy)))
runConformance(
  middlewareHarness('next middleware: withCors(middleware)', (policy) => withCors(() => undefined, policy)),
)

/**
 * Route handlers only see requests Next.js routes to them. Which cases that excludes follows
 * from the request alone, so the skip list is derived from the table rather than typed out.
 */
function routeHandlerSkip(c: ConformanceCase, routes: readonly RouteSpec[]): string | undefined {
  const path = c.request.path.split('?')[0]
  const here = routes.filter((r) => r.path === path)
  if (here.length === 0)
    return 'route handlers: no route.ts at this path, so Next answers its 404 without them'
  const method = c.request.method
  const route = here.find((r) => r.method === method || (method === 'HEAD' && r.method === 'GET'))
  if (!route && method !== 'OPTIONS')
    return `route handlers: no ${method} export, so Next answers its 405 without them`
  if (route?.throws)
    return 'route handlers: a thrown error is Next’s to answer (its 500); pair with proxy.ts for CORS on it'
  return undefined
}

const routeHandlerSkips = Object.fromEntries(
  conformanceCases.flatMap((c) => {
    const reason = routeHandlerSkip(c, standardRoutes)
    return reason === undefined ? [] : [[c.id, reason]]
  }),
)

runConformance({
  name: 'next route handlers: withCors({ GET, POST, … })',
  inProcess: true,
  skip: routeHandlerSkips,
  async start(policy, routes) {
    // One withCors per route.ts, each building its own policy, as in an app.
    const files = new Map(
      [...routeFiles(routes)].map(([path, handlers]) => [path, withCors(handlers, policy)]),
    )
    return {
      async send(req) {
        const request = toNextRequest(req)
        const file = files.get(request.nextUrl.pathname) as Record<
          string,
          (r: NextRequest, c: unknown) => Promise<Response>
        >
        const handler = file[req.method] ?? (req.method === 'HEAD' ? file.GET : undefined)
        let response: Response
        try {
          response = await handler!(request, { params: Promise.resolve({}) })
        } catch {
          // What Next.js answers for a route handler that throws: an empty 500.
          response = new Response(null, { status: 500 })
        }
        return toConformanceResponse(response, req.method)
      },
      close: async () => {},
    }
  },
})
