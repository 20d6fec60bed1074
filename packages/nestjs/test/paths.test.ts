import { Module, RequestMethod, VersioningType } from '@nestjs/common'
import { NestFactory, RouterModule } from '@nestjs/core'
import { ExpressAdapter } from '@nestjs/platform-express'
import { FastifyAdapter } from '@nestjs/platform-fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CorsModule } from '../src/index'
import { platforms, type StartedApp, start } from './app'
import {
  A,
  AdminModule,
  B,
  CatsController,
  D,
  HealthController,
  ItemsV1Controller,
  ItemsV2Controller,
  PetsController,
  TenantController,
} from './fixtures'
import { preflight, send } from './http'

@Module({
  imports: [
    CorsModule.forRoot({ origin: [D] }),
    AdminModule,
    RouterModule.register([{ path: 'admin', module: AdminModule }]),
  ],
  controllers: [CatsController, HealthController, ItemsV1Controller, ItemsV2Controller],
})
class PathsModule {}

for (const platform of platforms) {
  describe(`${platform.name}: global prefix, URI versioning and RouterModule`, () => {
    let app: StartedApp
    beforeAll(async () => {
      app = await start(platform, PathsModule, (nest) => {
        nest.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] })
        nest.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' })
      })
    })
    afterAll(() => app.close())

    it('finds routes under the global prefix and the version', async () => {
      const res = await preflight(app.url, '/api/v1/cats/7', A, 'PUT')
      expect(res.status).toBe(204)
      expect(res.headers['access-control-allow-origin']).toBe(A)
      expect(res.headers['access-control-allow-methods']).toBe('GET,PUT')
      const actual = await send(app.url, 'GET', '/api/v1/cats', { origin: A })
      expect(actual.status).toBe(200)
      expect(actual.headers['access-control-allow-origin']).toBe(A)
    })

    it('gives a path outside the prefix the default policy', async () => {
      const res = await preflight(app.url, '/cats/7', A, 'PUT')
      expect(res.status).toBe(403)
      const byDefault = await preflight(app.url, '/cats/7', D, 'PUT')
      expect(byDefault.status).toBe(204)
      expect(byDefault.headers['access-control-allow-origin']).toBe(D)
    })

    it('serves a route excluded from the prefix at its own path', async () => {
      const res = await send(app.url, 'GET', '/v1/health', { origin: B })
      expect(res.status).toBe(200)
      expect(res.headers['access-control-allow-origin']).toBe('*')
      const prefixed = await send(app.url, 'GET', '/api/v1/health', { origin: B })
      expect(prefixed.status).toBe(404)
      expect(prefixed.headers['access-control-allow-origin']).toBeUndefined()
    })

    it('keeps each version of a controller on its own policy', async () => {
      const v1 = await preflight(app.url, '/api/v1/items', A, 'GET')
      expect(v1.headers['access-control-allow-origin']).toBe(A)
      const v2 = await preflight(app.url, '/api/v2/items', B, 'GET')
      expect(v2.status).toBe(204)
      expect(v2.headers['access-control-allow-origin']).toBe(B)
      const v2ByA = await preflight(app.url, '/api/v2/items', A, 'GET')
      expect(v2ByA.status).toBe(403)
      const v3 = await send(app.url, 'GET', '/api/v3/items/latest', { origin: B })
      expect(v3.body).toBe('items v3')
      expect(v3.headers['access-control-allow-origin']).toBe('*')
    })

    it('includes RouterModule paths', async () => {
      const res = await preflight(app.url, '/api/v1/admin/reports/9', B, 'GET')
      expect(res.status).toBe(204)
      expect(res.headers['access-control-allow-origin']).toBe(B)
      const actual = await send(app.url, 'GET', '/api/v1/admin/reports/9', { origin: B })
      expect(actual.body).toBe('report')
      expect(actual.headers['access-control-allow-origin']).toBe(B)
    })
  })
}

@Module({ imports: [CorsModule.forRoot({ origin: [D] })], controllers: [TenantController, PetsController] })
class HostsModule {}

for (const platform of platforms) {
  describe(`${platform.name}: host-bound controllers and the specificity strategy`, () => {
    let app: StartedApp
    beforeAll(async () => {
      const create = (module: unknown) =>
        NestFactory.create(
          module as never,
          platform.name === 'express' ? new ExpressAdapter() : new FastifyAdapter(),
          {
            logger: false,
            abortOnError: false,
            routeResolutionStrategy: 'specificity',
          } as never,
        )
      app = await start({ name: platform.name, create }, HostsModule)
    })
    afterAll(() => app.close())

    it("uses a host-bound controller's policy only for its hosts", async () => {
      const own = await send(app.url, 'GET', '/tenant', { origin: A, host: 'acme.example.com' })
      expect(own.body).toBe('tenant')
      expect(own.headers['access-control-allow-origin']).toBe(A)
      const other = await send(app.url, 'GET', '/tenant', { origin: D, host: 'elsewhere.test' })
      expect(other.status).toBe(404)
      expect(other.headers['access-control-allow-origin']).toBe(D)
    })

    it('follows the most specific route when routes are sorted by specificity', async () => {
      const res = await send(app.url, 'GET', '/pets/featured', { origin: B })
      expect(res.body).toBe('featured')
      expect(res.headers['access-control-allow-origin']).toBe(B)
    })
  })
}
