// The one framework internal the plugin leans on (src/fastify-internals.ts): if a Fastify or
// find-my-way release changes it, these fail, and the plugin refuses to start rather than
// falling back to the plugin's policy for routes it cannot see.
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { listRoutes, routerOptionsOf } from '../src/fastify-internals'
import cors from '../src/index'
import { majors, routerOptions } from './harness'

for (const { name, fastify, major } of majors) {
  describe(`${name}: Fastify internals`, () => {
    let app: FastifyInstance | undefined
    afterEach(async () => {
      await app?.close()
      app = undefined
    })

    it("lists every route in Fastify's router, with its config and constraints", async () => {
      app = fastify()
      const config = { cors: { origin: '*' as const } }
      app.get('/before', { config }, async () => 'before')
      app.register(async (child) => child.put('/child', async () => 'child'), { prefix: '/p' })
      app.get('/host', { constraints: { host: 'a.example' } }, async () => 'host')
      await app.ready()
      const routes = listRoutes(app).map((r) => [r.method, r.path, r.constraints, r.config.cors])
      expect(routes).toEqual(
        expect.arrayContaining([
          ['GET', '/before', {}, config.cors],
          ['HEAD', '/before', {}, config.cors],
          ['PUT', '/p/child', {}, undefined],
          ['GET', '/host', { host: 'a.example' }, undefined],
        ]),
      )
      expect(routes).toHaveLength(5)
    })

    it('reads the router options Fastify actually uses', () => {
      app = fastify(routerOptions(major, { caseSensitive: false, ignoreTrailingSlash: true }))
      expect(routerOptionsOf(app)).toMatchObject({ caseSensitive: false, ignoreTrailingSlash: true })
    })

    it('fails loudly, at start-up, when the routes cannot be listed', async () => {
      app = fastify()
      // What a Fastify that no longer hands `printRoutes` options to find-my-way looks like.
      app.printRoutes = () => ''
      app.register(cors, { origin: '*' })
      app.get('/x', async () => 'x')
      await expect(app.ready()).rejects.toThrow('cannot list the routes of this Fastify version')
    })
  })
}
