import type { Harness, RouteSpec } from '@crossway/conformance'
import Router from '@koa/router'
import { cors } from '../src/index'
import { type KoaClass, listen } from './helpers'

/**
 * The conformance harness: `cors()` at the app level, the standard routes on a
 * `@koa/router` router behind it, and Koa's own 404 for everything else.
 */
export function koaHarness(name: string, Koa: KoaClass): Harness {
  return {
    name,
    async start(policy, routes) {
      const middleware = cors(policy) // throws CorsConfigError before any server starts
      const app = new Koa()
      app.on('error', () => {}) // a listener keeps Koa from logging the expected 500s
      const router = new Router()
      for (const route of routes) router.register(route.path, [route.method], handlerFor(route))
      app.use(middleware)
      app.use(router.routes())
      return listen(app)
    },
  }
}

function handlerFor(route: RouteSpec) {
  return (ctx: any) => {
    ctx.set('x-handler', route.id)
    if (route.throws) throw new Error('boom')
    for (const [name, value] of Object.entries(route.headers ?? {})) ctx.set(name, value)
    ctx.status = route.status ?? 200
    ctx.body = route.body ?? ''
  }
}
