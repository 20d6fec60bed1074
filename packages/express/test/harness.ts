import type { Harness, RouteSpec } from '@crossway/conformance'
import type { CorsOptions } from '@crossway/core'
import type { Express, Request, RequestHandler, Response } from 'express'
import express5 from 'express'
import express4 from 'express4'
import { cors } from '../src/index'
import { listen } from './http'

/** The two Express majors every test runs against. */
export const majors = [
  { name: 'express 5', major: 5, express: express5 },
  { name: 'express 4', major: 4, express: express4 as unknown as typeof express5 },
] as const

function routeHandler(route: RouteSpec): RequestHandler {
  return (_req: Request, res: Response) => {
    res.setHeader('x-handler', route.id)
    if (route.throws) throw new Error('boom')
    if (route.headers) res.set(route.headers)
    res.status(route.status ?? 200).send(route.body ?? '')
  }
}

function mountRoutes(app: Express, routes: readonly RouteSpec[]): void {
  for (const route of routes) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options'
    app[method](route.path, routeHandler(route))
  }
}

/** The conformance harness: `app.use(cors(policy))` in front of the standard routes. */
export function expressHarness(name: string, createApp: () => Express): Harness {
  return {
    name,
    async start(policy: CorsOptions<any>, routes: readonly RouteSpec[]) {
      const app = createApp()
      app.use(cors(policy))
      mountRoutes(app, routes)
      return listen(app)
    },
  }
}
