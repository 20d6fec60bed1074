import type { Server } from 'node:http'
import {
  fromWebResponse,
  type Harness,
  type ListeningServer,
  listen,
  type RouteSpec,
  toWebRequest,
} from '@crossway/conformance'
import type { CorsOptions } from '@crossway/core'
import { createAdaptorServer } from '@hono/node-server'
import { type Handler, Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { Hono as Hono40 } from 'hono-4.0'
import { HTTPException as HTTPException40 } from 'hono-4.0/http-exception'
import { cors } from '../src/index'

/**
 * The Hono versions the suite runs on: the latest 4.x and the floor of the peer range, 4.0.3,
 * the first that runs `notFound` inside a middleware's `next()` (before it, a 404 for a path
 * with no route was made after cors() had returned, without its headers).
 */
export const versions = [
  { name: 'hono 4 (latest)', Hono, HTTPException },
  // Its own types differ (Context's private fields): it is driven through the latest ones.
  {
    name: 'hono 4.0.3',
    Hono: Hono40 as unknown as typeof Hono,
    // Its default onError knows its own HTTPException only (`instanceof`).
    HTTPException: HTTPException40 as unknown as typeof HTTPException,
  },
] as const

/** A standard route as a Hono handler: `x-handler` names the route; `throws` leaves the answer to `onError`. */
function routeHandler(route: RouteSpec): Handler {
  return (c) => {
    c.header('x-handler', route.id)
    if (route.throws) throw new Error('boom')
    return c.body(route.body ?? '', (route.status ?? 200) as 200, route.headers)
  }
}

/** `app.use(cors(policy))` in front of the standard routes, with Hono's default `onError` and `notFound`. */
export function createApp(policy: CorsOptions<any>, routes: readonly RouteSpec[], HonoClass = Hono): Hono {
  const app = new HonoClass()
  app.use(cors(policy))
  for (const route of routes) app.on(route.method, route.path, routeHandler(route))
  return app
}

/** Serves a Hono app with @hono/node-server, as `serve()` does, on 127.0.0.1 and an ephemeral port. */
export function serveApp(app: Hono): Promise<ListeningServer> {
  return listen(createAdaptorServer({ fetch: app.fetch }) as Server)
}

/** The suite over real HTTP: Hono on @hono/node-server. */
export function httpHarness(name: string, HonoClass: typeof Hono): Harness {
  return {
    name: `${name} on @hono/node-server`,
    start: async (policy, routes) => serveApp(createApp(policy, routes, HonoClass)),
  }
}

/** The suite in-process: `app.request()` with a `Request`, no socket. */
export function inProcessHarness(name: string, HonoClass: typeof Hono): Harness {
  return {
    name: `${name} in-process (app.request)`,
    inProcess: true,
    async start(policy, routes) {
      const app = createApp(policy, routes, HonoClass)
      return {
        send: async (request) => fromWebResponse(await app.request(toWebRequest(request))),
        close: async () => {},
      }
    },
  }
}
