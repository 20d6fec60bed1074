import type { AddressInfo } from 'node:net'
import type { Harness, RouteSpec } from '@crossway/conformance'
import type { CorsOptions } from '@crossway/core'
import fastify5, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import fastify4 from 'fastify4'
import { cors } from '../src/index'

type CreateApp = (options?: FastifyServerOptions) => FastifyInstance

/** The two Fastify majors every test runs against; the plugin only imports Fastify's types. */
export const majors: readonly { name: string; fastify: CreateApp; major: 4 | 5 }[] = [
  { name: 'fastify 5', fastify: fastify5 as CreateApp, major: 5 },
  // Fastify 4's instance type differs in details the tests never touch.
  { name: 'fastify 4', fastify: fastify4 as unknown as CreateApp, major: 4 },
]

/**
 * Router options where each major takes them: Fastify 5 under `routerOptions` (at the top level
 * it warns FSTDEP022), Fastify 4 at the top level (it has no `routerOptions`).
 */
export function routerOptions(major: 4 | 5, options: Record<string, unknown>): FastifyServerOptions {
  return (major === 5 ? { routerOptions: options } : options) as FastifyServerOptions
}

/** Declares a conformance route: it marks itself with `x-handler`, then answers or throws. */
export function addRoute(app: FastifyInstance, route: RouteSpec): void {
  app.route({
    method: route.method,
    url: route.path,
    handler: async (_request, reply) => {
      reply.header('x-handler', route.id)
      if (route.throws) throw new Error('boom')
      if (route.headers) reply.headers(route.headers)
      reply.code(route.status ?? 200)
      return route.body ?? ''
    },
  })
}

/** The conformance harness: `await app.register(cors, policy)`, then the standard routes, on a real port. */
export function fastifyHarness(name: string, createApp: CreateApp): Harness {
  return {
    name,
    async start(policy: CorsOptions<any>, routes: readonly RouteSpec[]) {
      const app = createApp()
      try {
        await app.register(cors, policy)
        for (const route of routes) addRoute(app, route)
        await app.listen({ host: '127.0.0.1', port: 0 })
      } catch (error) {
        await app.close()
        throw error
      }
      const { port } = app.server.address() as AddressInfo
      return { url: `http://127.0.0.1:${port}`, close: () => app.close() }
    },
  }
}
