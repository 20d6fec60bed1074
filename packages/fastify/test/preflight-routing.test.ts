// The policy that answers a preflight must be the policy of the handler Fastify runs for the
// request it announces (semantics.md §7a, §9): for every path syntax and router option, "which
// handler ran for GET <path>" and "which policy answered the preflight for GET <path>" agree.
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import cors from '../src/index'
import { majors, routerOptions } from './harness'
import { type Answer, preflightOf, type Send, serve } from './http'

/** Each route's policy allows only `https://<id>.example`; the plugin's allows `https://plugin.example`. */
const originOf = (id: string) => `https://${id}.example`

function declare(app: FastifyInstance, id: string, url: string, method = 'GET') {
  app.route({
    method: method as 'GET',
    url,
    config: { cors: { origin: [originOf(id)] } },
    handler: async (_request, reply) => {
      reply.header('x-handler', id)
      return id
    },
  })
}

function routes(app: FastifyInstance) {
  declare(app, 'admin', '/admin')
  declare(app, 'item', '/items/:id')
  declare(app, 'special', '/items/special')
  declare(app, 'optional', '/opt/:id?')
  declare(app, 'digits', '/num/:id(^\\d+$)')
  declare(app, 'files', '/files/*')
  declare(app, 'trail', '/trail/')
  declare(app, 'mixedcase', '/MixedCase')
  declare(app, 'multi', '/multi/:a-:b')
  app.register(
    async (child) => {
      declare(child, 'apiroot', '/')
      declare(child, 'apiuser', '/users/:name')
    },
    { prefix: '/api' },
  )
}

const paths = [
  '/admin',
  '/adm%69n',
  '/%61dmin',
  '/ADMIN',
  '/admin/',
  '//admin',
  '/admin;jsessionid=1',
  '/admin?x=1',
  '/admin#x',
  '/items/42',
  '/items/special',
  '/items/speci%61l',
  '/items/a%2Fb',
  '/opt',
  '/opt/',
  '/opt/7',
  '/num/123',
  '/num/abc',
  '/files/a/b',
  '/files/',
  '/files',
  '/trail',
  '/trail/',
  '/mixedcase',
  '/MixedCase',
  '/multi/x-y',
  '/api',
  '/api/',
  '/api/users/bob',
  '/API/users/bob',
  '/api//users/bob',
  '/nowhere',
  // Malformed escapes (`/%zz`) are left out: Fastify answers them itself, before any hook.
  `/items/${'x'.repeat(120)}`,
]

const optionSets: { name: string; options: Record<string, unknown> }[] = [
  { name: 'default router options', options: {} },
  {
    name: 'ignoreTrailingSlash, ignoreDuplicateSlashes, caseSensitive: false, useSemicolonDelimiter, maxParamLength: 10',
    options: {
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      caseSensitive: false,
      useSemicolonDelimiter: true,
      maxParamLength: 10,
    },
  },
]

/** Which policy allowed the preflight: the id whose origin got a 204, or what else happened. */
async function answeringPolicy(send: Send, path: string, ids: readonly string[]): Promise<string> {
  const allowed: string[] = []
  for (const id of ids) {
    const res: Answer = await preflightOf(send, path, originOf(id))
    if (res.status === 204 && res.headers['access-control-allow-origin'] === originOf(id)) allowed.push(id)
    else if (res.status !== 403) return `unexpected ${res.status}`
  }
  return allowed.join('+') || 'refused'
}

for (const { name, fastify, major } of majors) {
  describe(`${name}: the route a preflight would reach`, () => {
    let app: FastifyInstance | undefined
    afterEach(async () => {
      await app?.close()
      app = undefined
    })

    for (const { name: optionsName, options } of optionSets) {
      it(`agrees with the handler a GET reaches, ${optionsName}`, async () => {
        app = fastify(routerOptions(major, options) as FastifyServerOptions)
        // Unawaited, as most apps write it.
        app.register(cors, { origin: [originOf('plugin')] })
        routes(app)
        const send = await serve(app)
        const ids = [
          'plugin',
          'admin',
          'item',
          'special',
          'optional',
          'digits',
          'files',
          'trail',
          'mixedcase',
          'multi',
          'apiroot',
          'apiuser',
        ]
        const mismatches: string[] = []
        for (const path of paths) {
          const get = await send('GET', path, { origin: originOf('plugin') })
          const ran = (get.headers['x-handler'] as string | undefined) ?? 'plugin'
          const answered = await answeringPolicy(send, path, ids)
          if (answered !== ran)
            mismatches.push(`${path}: GET ran ${ran} (${get.status}), preflight ${answered}`)
        }
        expect(mismatches).toEqual([])
      })
    }

    it('follows the automatic HEAD route and a route for several methods', async () => {
      app = fastify()
      app.register(cors, { origin: [originOf('plugin')] })
      declare(app, 'both', '/both', ['PUT', 'DELETE'] as unknown as string)
      declare(app, 'admin', '/admin')
      const send = await serve(app)
      expect((await preflightOf(send, '/admin', originOf('admin'), 'HEAD')).status).toBe(204)
      expect((await preflightOf(send, '/both', originOf('both'), 'DELETE')).status).toBe(204)
      expect((await preflightOf(send, '/both', originOf('plugin'), 'PUT')).status).toBe(403)
      // No PATCH route there: the plugin's policy.
      expect((await preflightOf(send, '/both', originOf('plugin'), 'PATCH')).status).toBe(204)
      for (const method of ['__proto__', 'constructor', 'GET, DELETE', 'x'.repeat(5000)]) {
        const res = await preflightOf(send, '/admin', originOf('admin'), method)
        expect(res.status, method.slice(0, 20)).toBe(403)
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
      }
    })
  })
}
