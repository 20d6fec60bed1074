import type { Harness, RouteSpec } from '@crossway/conformance'
import type { CorsOptions } from '@crossway/core'
import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Module,
  Options,
  Patch,
  Post,
  Put,
  Res,
  type Type,
} from '@nestjs/common'
import { CorsModule } from '../src/index'
import { type Platform, start } from './app'

const routeDecorators = { GET: Get, POST: Post, PUT: Put, PATCH: Patch, DELETE: Delete, OPTIONS: Options }

/**
 * Declares the standard routes on one controller, with the decorators applied as functions:
 * the same metadata `@Get()`, `@HttpCode()` and `@Res()` write in an app's source.
 */
export function standardController(routes: readonly RouteSpec[]): Type<unknown> {
  class StandardController {}
  const prototype = StandardController.prototype as Record<string, unknown>
  for (const route of routes) {
    const key = `handle_${route.id.replace(/\W/g, '_')}`
    // `header()` is the app's own way to set a header on both platforms: Express's `res.header`
    // (an alias of `res.set`) and Fastify's `reply.header`, both of which replace a value.
    prototype[key] = (res: { header(name: string, value: string): unknown }) => {
      res.header('x-handler', route.id)
      for (const [name, value] of Object.entries(route.headers ?? {})) res.header(name, value)
      if (route.throws) throw new Error('boom')
      return route.body ?? ''
    }
    const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!
    routeDecorators[route.method](route.path)(prototype, key, descriptor)
    if (route.status !== undefined) HttpCode(route.status)(prototype, key, descriptor)
    Res({ passthrough: true })(prototype, key, 0)
  }
  Controller()(StandardController)
  return StandardController
}

/** The conformance harness: `CorsModule.forRoot(policy)` in front of the standard routes. */
export function nestHarness(platform: Platform): Harness {
  return {
    name: `nestjs on ${platform.name}`,
    start: async (policy: CorsOptions<any>, routes: readonly RouteSpec[]) => {
      class ConformanceModule {}
      Module({ imports: [CorsModule.forRoot(policy)], controllers: [standardController(routes)] })(
        ConformanceModule,
      )
      const { url, close } = await start(platform, ConformanceModule)
      return { url, close }
    },
  }
}
