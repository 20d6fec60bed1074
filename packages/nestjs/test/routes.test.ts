import { Module } from '@nestjs/common'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CorsModule } from '../src/index'
import { platforms, type StartedApp, start } from './app'
import {
  A,
  B,
  CatsController,
  calls,
  D,
  DogsController,
  PetsController,
  ShopAdminController,
  ShopController,
} from './fixtures'
import { preflight, send } from './http'

const controllers = [CatsController, DogsController, ShopController, ShopAdminController, PetsController]

@Module({ imports: [CorsModule.forRoot()], controllers })
class NoDefaultModule {}

@Module({ imports: [CorsModule.forRoot({ origin: [D] })], controllers })
class WithDefaultModule {}

const varyTokens = (value: string | undefined) => (value ?? '').split(',').map((t) => t.trim().toLowerCase())

for (const platform of platforms) {
  describe(`${platform.name}: per-route policies, no default policy`, () => {
    let app: StartedApp
    beforeAll(async () => {
      app = await start(platform, NoDefaultModule)
    })
    afterAll(() => app.close())
    beforeEach(() => {
      calls.length = 0
    })

    it("applies the controller's policy to its routes", async () => {
      const allowed = await send(app.url, 'GET', '/cats', { origin: A })
      expect(allowed.status).toBe(200)
      expect(allowed.headers['access-control-allow-origin']).toBe(A)
      expect(allowed.headers.vary).toBe('Origin')
      const refused = await send(app.url, 'GET', '/cats', { origin: B })
      expect(refused.status).toBe(200)
      expect(refused.headers['access-control-allow-origin']).toBeUndefined()
      expect(calls).toEqual(['cats.list', 'cats.list'])
    })

    it("lets a handler's policy win over its controller's", async () => {
      const res = await send(app.url, 'GET', '/cats/public/list', { origin: B })
      expect(res.headers['access-control-allow-origin']).toBe('*')
      const pre = await preflight(app.url, '/cats/public/list', B, 'GET')
      expect(pre.status).toBe(204)
      expect(pre.headers['access-control-allow-origin']).toBe('*')
      expect(calls).toEqual(['cats.publicList'])
    })

    it('answers a preflight with the policy of the route its method reaches, path parameters included', async () => {
      const res = await preflight(app.url, '/cats/42', A, 'PUT', 'content-type')
      expect(res.status).toBe(204)
      expect(res.body).toBe('')
      expect(res.headers['access-control-allow-origin']).toBe(A)
      expect(res.headers['access-control-allow-methods']).toBe('GET,PUT')
      expect(res.headers['access-control-allow-headers']).toBe('*')
      expect(calls).toEqual([])
    })

    it('refuses a preflight the route policy refuses, without calling the app', async () => {
      const res = await preflight(app.url, '/cats/42', B, 'PUT')
      expect(res.status).toBe(403)
      expect(res.headers['access-control-allow-origin']).toBeUndefined()
      expect(calls).toEqual([])
    })

    it('passes a preflight for a method no route serves on untouched when there is no default', async () => {
      const res = await preflight(app.url, '/cats/42', A, 'PATCH')
      expect(res.status).toBe(404)
      expect(res.headers['access-control-allow-origin']).toBeUndefined()
    })

    it('sends nothing on a route opted out with @Cors(false), and lets its preflight through', async () => {
      const res = await send(app.url, 'POST', '/cats/admin', { origin: A })
      expect(res.status).toBe(201)
      expect(res.headers['access-control-allow-origin']).toBeUndefined()
      expect(res.headers.vary).toBeUndefined()
      const pre = await preflight(app.url, '/cats/admin', A, 'POST')
      expect(pre.status).toBe(404)
      expect(pre.headers['access-control-allow-origin']).toBeUndefined()
      expect(calls).toEqual(['cats.admin'])
    })

    it('uses the core defaults for @Cors() when the module has no default', async () => {
      const res = await send(app.url, 'GET', '/cats/defaults', { origin: B })
      expect(res.headers['access-control-allow-origin']).toBe('*')
    })

    it('leaves undecorated routes and unknown paths alone', async () => {
      const dogs = await send(app.url, 'GET', '/dogs', { origin: A })
      expect(dogs.status).toBe(200)
      expect(dogs.headers['access-control-allow-origin']).toBeUndefined()
      expect(dogs.headers.vary).toBeUndefined()
      const missing = await send(app.url, 'GET', '/nowhere', { origin: A })
      expect(missing.status).toBe(404)
      expect(missing.headers['access-control-allow-origin']).toBeUndefined()
      const pre = await preflight(app.url, '/nowhere', A, 'GET')
      expect(pre.status).toBe(404)
      expect(pre.headers['access-control-allow-origin']).toBeUndefined()
    })

    it('keeps the headers on a plain Error, an HttpException and a guard refusal', async () => {
      const boom = await send(app.url, 'GET', '/cats/boom', { origin: A })
      expect(boom.status).toBe(500)
      expect(boom.headers['access-control-allow-origin']).toBe(A)
      expect(boom.headers.vary).toBe('Origin')
      const lost = await send(app.url, 'GET', '/cats/lost', { origin: A })
      expect(lost.status).toBe(404)
      expect(JSON.parse(lost.body).message).toBe('no such cat')
      expect(lost.headers['access-control-allow-origin']).toBe(A)
      const guarded = await send(app.url, 'GET', '/cats/guarded', { origin: A })
      expect(guarded.status).toBe(403)
      expect(JSON.parse(guarded.body).message).toBe('no entry')
      expect(guarded.headers['access-control-allow-origin']).toBe(A)
      expect(calls).toEqual(['cats.boom', 'cats.lost', 'guard'])
    })

    it('merges Origin into a Vary the handler sets with @Header()', async () => {
      const res = await send(app.url, 'GET', '/cats/varied', { origin: A })
      expect(res.headers['access-control-allow-origin']).toBe(A)
      expect(varyTokens(res.headers.vary).sort()).toEqual(['accept-encoding', 'origin'])
    })

    it('answers HEAD with the policy of the GET route', async () => {
      const res = await send(app.url, 'HEAD', '/cats', { origin: A })
      expect(res.status).toBe(200)
      expect(res.headers['access-control-allow-origin']).toBe(A)
    })

    it('tells apart two controllers on the same path prefix by method', async () => {
      const remove = await preflight(app.url, '/shop/items/5', B, 'DELETE')
      expect(remove.status).toBe(204)
      expect(remove.headers['access-control-allow-origin']).toBe(B)
      expect(remove.headers['access-control-allow-credentials']).toBe('true')
      const readByB = await preflight(app.url, '/shop/items/5', B, 'GET')
      expect(readByB.status).toBe(403)
      const readByA = await send(app.url, 'GET', '/shop/items/5', { origin: A })
      expect(readByA.headers['access-control-allow-origin']).toBe(A)
      expect(readByA.headers['access-control-allow-credentials']).toBeUndefined()
      const removeByA = await send(app.url, 'DELETE', '/shop/items/5', { origin: A })
      expect(removeByA.status).toBe(200)
      expect(removeByA.headers['access-control-allow-origin']).toBeUndefined()
      expect(calls).toEqual(['shop.item', 'shopAdmin.remove'])
    })

    it('follows the route the router itself picks when two routes match', async () => {
      // Express serves the first registered route, Fastify the most specific one.
      const served = platform.name === 'express' ? 'byName' : 'featured'
      const owner = served === 'byName' ? A : B
      const other = owner === A ? B : A
      const byOwner = await send(app.url, 'GET', '/pets/featured', { origin: owner })
      expect(byOwner.body).toBe(served)
      expect(byOwner.headers['access-control-allow-origin']).toBe(owner)
      const byOther = await send(app.url, 'GET', '/pets/featured', { origin: other })
      expect(byOther.headers['access-control-allow-origin']).toBeUndefined()
      const pre = await preflight(app.url, '/pets/featured', owner, 'GET')
      expect(pre.status).toBe(204)
      expect(pre.headers['access-control-allow-origin']).toBe(owner)
    })
  })

  describe(`${platform.name}: with a default policy`, () => {
    let app: StartedApp
    beforeAll(async () => {
      app = await start(platform, WithDefaultModule)
    })
    afterAll(() => app.close())

    it('applies the default to undecorated routes, @Cors() routes and unknown paths', async () => {
      const dogs = await send(app.url, 'GET', '/dogs', { origin: D })
      expect(dogs.headers['access-control-allow-origin']).toBe(D)
      const defaults = await send(app.url, 'GET', '/cats/defaults', { origin: D })
      expect(defaults.headers['access-control-allow-origin']).toBe(D)
      const star = await send(app.url, 'GET', '/cats/defaults', { origin: B })
      expect(star.headers['access-control-allow-origin']).toBeUndefined()
      const missing = await send(app.url, 'GET', '/nowhere', { origin: D })
      expect(missing.status).toBe(404)
      expect(missing.headers['access-control-allow-origin']).toBe(D)
      expect(missing.headers.vary).toBe('Origin')
      const pre = await preflight(app.url, '/nowhere', D, 'DELETE')
      expect(pre.status).toBe(204)
      expect(pre.headers['access-control-allow-origin']).toBe(D)
    })

    it('never merges a @Cors() policy with the default', async () => {
      const res = await send(app.url, 'GET', '/cats', { origin: D })
      expect(res.headers['access-control-allow-origin']).toBeUndefined()
      const opted = await send(app.url, 'POST', '/cats/admin', { origin: D })
      expect(opted.headers['access-control-allow-origin']).toBeUndefined()
      expect(opted.headers.vary).toBeUndefined()
    })

    it('answers a preflight for a method no route serves with the default', async () => {
      const res = await preflight(app.url, '/cats/42', D, 'PATCH')
      expect(res.status).toBe(204)
      expect(res.headers['access-control-allow-origin']).toBe(D)
    })
  })
}
