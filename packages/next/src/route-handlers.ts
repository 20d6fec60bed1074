import { createCors } from '@crossway/core'
import type { NextRequest } from 'next/server.js'
import type { NextCorsOptions } from './middleware'
import { rethrowNextControlFlow } from './next-control-flow'

/** The HTTP methods an App Router `route.ts` may export. */
export type RouteMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'

/** An App Router route handler: `(request, { params }) => Response`. */
export type RouteHandler = (request: NextRequest, context: any) => Response | Promise<Response>

/** The handlers given to `withCors`, keyed by method, as `route.ts` would export them. */
export type RouteHandlers = {
  readonly [M in RouteMethod]?: (request: any, context: any) => Response | Promise<Response>
}

type RequestOf<F> = F extends (request: infer R, ...rest: any[]) => unknown
  ? unknown extends R
    ? NextRequest
    : R
  : NextRequest
type ContextOf<F> = F extends (request: any, context: infer C, ...rest: any[]) => unknown ? C : unknown

/**
 * A handler wrapped by `withCors`: it takes the request (and the `{ params }` context when the
 * original did), and always answers with a promise.
 */
export type CorsRouteHandler<F> =
  unknown extends ContextOf<F>
    ? (request: RequestOf<F>, context?: unknown) => Promise<Response>
    : (request: RequestOf<F>, context: ContextOf<F>) => Promise<Response>

/**
 * What `withCors(handlers)` returns: every given handler wrapped, plus an `OPTIONS` handler
 * that answers preflights. Destructure it into the exports of `route.ts`.
 */
export type CorsRouteHandlers<H extends RouteHandlers> = {
  readonly [K in keyof H | 'OPTIONS']: K extends keyof H
    ? CorsRouteHandler<H[K]>
    : (request: NextRequest, context?: unknown) => Promise<Response>
}

const ROUTE_METHODS: ReadonlySet<string> = new Set<RouteMethod>([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
])

/**
 * Wraps App Router route handlers (`app/**\/route.ts`) with a CORS policy: each handler's
 * response gets the CORS headers, and the added `OPTIONS` export answers preflights. An
 * `OPTIONS` that is not a preflight goes to your own `OPTIONS` handler when you give one;
 * otherwise it gets what Next.js would have answered (204 with an `Allow` header), plus CORS
 * headers. A handler that throws is answered with an empty 500 that keeps the CORS headers,
 * and the error is logged with `console.error`; `notFound()`, `redirect()` and Next's other
 * control-flow throws still reach Next. The policy is validated once, when the module loads.
 *
 * @example
 * // app/api/items/route.ts
 * import { withCors } from '@crossway/next'
 * export const { GET, POST, OPTIONS } = withCors({ GET: list, POST: create }, { origin: '*' })
 */
export function withCorsRoutes<H extends RouteHandlers>(
  handlers: H,
  options?: NextCorsOptions,
): CorsRouteHandlers<H> {
  if (handlers === null || typeof handlers !== 'object') {
    throw new TypeError(
      'crossway: withCors(handlers, options) needs an object of route handlers, e.g. { GET, POST }',
    )
  }
  const policy = createCors(options)
  const wrapped: Record<string, (request: NextRequest, context?: unknown) => Promise<Response>> = {}

  for (const [method, handler] of Object.entries(handlers)) {
    if (!ROUTE_METHODS.has(method)) {
      // Next silently ignores an export it does not know (`get`, `Get`): the route would 405.
      throw new TypeError(
        `crossway: withCors: "${method}" is not a route handler method; use one of ${[...ROUTE_METHODS].join(', ')}`,
      )
    }
    if (typeof handler !== 'function') {
      throw new TypeError(`crossway: withCors: the ${method} handler must be a function`)
    }
    if (method === 'OPTIONS') continue
    wrapped[method] = (request, context) =>
      policy.handle(request, () => answerErrors(handler, request, context))
  }

  const userOptions = handlers.OPTIONS
  const fallbackOptions = userOptions ? undefined : nextDefaultOptions(Object.keys(handlers))
  wrapped.OPTIONS = (request, context) =>
    policy.handle(request, () =>
      userOptions ? answerErrors(userOptions, request, context) : fallbackOptions!(),
    )

  return Object.freeze(wrapped) as CorsRouteHandlers<H>
}

// A thrown error would otherwise reach Next, whose 500 is built after our wrapper is gone and
// so carries no CORS headers: browser code would see a CORS failure, not the 500 (semantics.md
// §4). So the 500 is answered here, as Next answers it (empty body), and the policy's headers
// go on it. Next's own report is `console.error(error)` (its `Log.error` under `next start`);
// its control-flow throws (`notFound()`, `redirect()`, dynamic bail-outs) are not errors and
// go back to Next untouched.
async function answerErrors(
  handler: (request: any, context: any) => Response | Promise<Response>,
  request: NextRequest,
  context: unknown,
): Promise<Response> {
  try {
    return await handler(request, context)
  } catch (error) {
    await rethrowNextControlFlow(error)
    console.error(error)
    return new Response(null, { status: 500 })
  }
}

// Exporting OPTIONS replaces the one Next.js would have added, so a plain OPTIONS request
// (no Access-Control-Request-Method) gets the same 204 and `Allow` list Next would send:
// OPTIONS, the exported methods, and HEAD when GET is there (Next serves HEAD from GET).
function nextDefaultOptions(methods: readonly string[]): () => Response {
  const allow = new Set(['OPTIONS', ...methods])
  if (allow.has('GET')) allow.add('HEAD')
  const value = [...allow].sort().join(', ')
  return () => new Response(null, { status: 204, headers: { allow: value } })
}
