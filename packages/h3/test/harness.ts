import http from 'node:http'
import { type Harness, listen, type RouteSpec } from '@crossway/conformance'
import type { CorsOptions } from '@crossway/core'
import { H3, type H3Event, toNodeHandler } from 'h3'
import {
  createApp,
  createRouter,
  defineEventHandler,
  type EventHandler,
  type H3Event as H3EventV1,
  setResponseHeader,
  setResponseHeaders,
  setResponseStatus,
  toNodeListener,
} from 'h3v1'
import { cors } from '../src/index'

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options'

/** A standard route in h3 2's style: headers and status prepared on `event.res`, the body returned. */
function v2Route(route: RouteSpec) {
  return (event: H3Event) => {
    event.res.headers.set('x-handler', route.id)
    if (route.throws) throw new Error('boom')
    for (const [name, value] of Object.entries(route.headers ?? {})) event.res.headers.set(name, value)
    event.res.status = route.status ?? 200
    return route.body ?? ''
  }
}

/** A standard route in h3 1's style: `setResponseHeader` / `setResponseStatus`, the body returned. */
function v1Route(route: RouteSpec) {
  return defineEventHandler((event: H3EventV1) => {
    setResponseHeader(event, 'x-handler', route.id)
    if (route.throws) throw new Error('boom')
    if (route.headers) setResponseHeaders(event, route.headers)
    setResponseStatus(event, route.status ?? 200)
    return route.body ?? ''
  })
}

/** h3 2: `app.use(cors(policy))` before the routes, served by `toNodeHandler` on node:http. */
export function startV2(
  policy: CorsOptions<any>,
  routes: readonly RouteSpec[],
  configure?: (app: H3) => void,
) {
  const app = new H3()
  app.use(cors(policy))
  configure?.(app)
  for (const route of routes) app[route.method.toLowerCase() as Method](route.path, v2Route(route))
  return listen(http.createServer(toNodeHandler(app)))
}

/**
 * `cors()` as an h3 1 app sees it. Its types follow the h3 an app has installed, and this
 * repository installs h3 2 as `h3` (h3 1 as `h3v1`), so h3 1 code here casts;
 * test/types-v1.test.ts checks the types an h3 1 app gets, with `h3` resolved to h3 1.
 */
export function asV1(handler: ReturnType<typeof cors>): EventHandler {
  return handler as unknown as EventHandler
}

/** h3 1: `app.use(cors(policy))` before a router, served by `toNodeListener` on node:http. */
export function startV1(policy: CorsOptions<any>, routes: readonly RouteSpec[]) {
  const app = createApp()
  app.use(asV1(cors(policy)))
  const router = createRouter()
  for (const route of routes) router[route.method.toLowerCase() as Method](route.path, v1Route(route))
  app.use(router)
  return listen(http.createServer(toNodeListener(app)))
}

export const harnesses: readonly Harness[] = [
  { name: 'h3 2 (toNodeHandler)', start: (policy, routes) => startV2(policy, routes) },
  { name: 'h3 1 (toNodeListener)', start: (policy, routes) => startV1(policy, routes) },
]
