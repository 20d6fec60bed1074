import {
  Controller,
  type ControllerOptions,
  Get,
  type INestApplication,
  Module,
  type Type,
  VersioningType,
} from '@nestjs/common'
import { NestFactory, RouterModule } from '@nestjs/core'
import { FastifyAdapter } from '@nestjs/platform-fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadFindMyWay } from '../src/fastify-router'
import { Cors, CorsModule } from '../src/index'
import { platforms, type StartedApp, start } from './app'
import { A, B, D } from './fixtures'
import { preflight, send } from './http'

// Two versions of one path with different policies: only v1 grants A, with credentials.
@Cors({ origin: [A], credentials: true })
@Controller({ path: 'docs', version: '1' })
class DocsV1Controller {
  @Get()
  get() {
    return 'docs v1'
  }
}

@Cors({ origin: [B] })
@Controller({ path: 'docs', version: '2' })
class DocsV2Controller {
  @Get()
  get() {
    return 'docs v2'
  }
}

@Module({ imports: [CorsModule.forRoot({ origin: [D] })], controllers: [DocsV1Controller, DocsV2Controller] })
class VersionsModule {}

const versionings = [
  {
    name: 'HEADER',
    options: { type: VersioningType.HEADER, header: 'x-api-version' },
    as: (v: string) => ({ 'x-api-version': v }),
  },
  {
    name: 'MEDIA_TYPE',
    options: { type: VersioningType.MEDIA_TYPE, key: 'v=' },
    as: (v: string) => ({ accept: `application/json;v=${v}` }),
  },
] as const

for (const platform of platforms) {
  for (const versioning of versionings) {
    describe(`${platform.name}: ${versioning.name} versioning, one path, two policies (§7a)`, () => {
      let app: StartedApp
      beforeAll(async () => {
        app = await start(platform, VersionsModule, (nest) =>
          nest.enableVersioning(versioning.options as never),
        )
      })
      afterAll(() => app.close())

      it('gives an actual request the policy of the version that serves it', async () => {
        const v2ByA = await send(app.url, 'GET', '/docs', { origin: A, ...versioning.as('2') })
        expect(v2ByA.body).toBe('docs v2')
        expect(v2ByA.headers['access-control-allow-origin']).toBeUndefined()
        expect(v2ByA.headers['access-control-allow-credentials']).toBeUndefined()
        const v2ByB = await send(app.url, 'GET', '/docs', { origin: B, ...versioning.as('2') })
        expect(v2ByB.headers['access-control-allow-origin']).toBe(B)
        const v1ByA = await send(app.url, 'GET', '/docs', { origin: A, ...versioning.as('1') })
        expect(v1ByA.body).toBe('docs v1')
        expect(v1ByA.headers['access-control-allow-origin']).toBe(A)
        expect(v1ByA.headers['access-control-allow-credentials']).toBe('true')
        const v1ByB = await send(app.url, 'GET', '/docs', { origin: B, ...versioning.as('1') })
        expect(v1ByB.headers['access-control-allow-origin']).toBeUndefined()
      })

      it('allows a preflight only when every version allows it', async () => {
        for (const origin of [A, B]) {
          const res = await preflight(app.url, '/docs', origin, 'GET')
          expect(res.status).toBe(403)
          expect(res.headers['access-control-allow-origin']).toBeUndefined()
          expect(res.headers['access-control-allow-credentials']).toBeUndefined()
        }
      })
    })
  }
}

// The router decides: `/adm%69n` reaches `admin` on Fastify (find-my-way decodes the path)
// and nothing on Express (its router matches the encoded path), so the policy must follow.
@Cors({ origin: [A] })
@Controller('admin')
class AdminController {
  @Get()
  get() {
    return 'admin'
  }
}

@Module({ imports: [CorsModule.forRoot({ origin: [D] })], controllers: [AdminController] })
class EncodedModule {}

for (const platform of platforms) {
  describe(`${platform.name}: the policy of the route the platform's router chose`, () => {
    let app: StartedApp
    beforeAll(async () => {
      app = await start(platform, EncodedModule)
    })
    afterAll(() => app.close())

    for (const path of ['/admin', '/adm%69n', '/%61dmin', '/ADMIN', '/admin/']) {
      it(`agrees with the router on GET ${path}`, async () => {
        const served = (await send(app.url, 'GET', path)).body === 'admin'
        const [allowed, refused] = served ? [A, D] : [D, A]
        const byAllowed = await send(app.url, 'GET', path, { origin: allowed })
        expect(byAllowed.headers['access-control-allow-origin']).toBe(allowed)
        const byRefused = await send(app.url, 'GET', path, { origin: refused })
        expect(byRefused.headers['access-control-allow-origin']).toBeUndefined()
        expect((await preflight(app.url, path, allowed, 'GET')).status).toBe(204)
        expect((await preflight(app.url, path, refused, 'GET')).status).toBe(403)
      })
    }

    it('serves /adm%69n from admin on Fastify only', async () => {
      const res = await send(app.url, 'GET', '/adm%69n')
      expect(res.body === 'admin').toBe(platform.name === 'fastify')
    })
  })
}

// §7a on every route syntax each platform accepts: for each target, the controller that
// served `GET` (or none: a 404) is the one whose policy decides the actual `GET` and the
// preflight announcing it. Each controller allows only its own origin (and, where a preflight
// cannot tell handlers apart, a shared one), so a wrong pick grants or refuses visibly.
const S = 'https://shared.example'
const originOf = (id: string) => `https://${id}.example`
const idOf = new Map<Type, string>()
const allowsOf = new Map<string, readonly string[]>()

/** A controller whose `GET path` answers its id, allowed by its own origin (and `also`). */
function served(id: string, controller: string | ControllerOptions, path: string, also: string[] = []): Type {
  // Named after its id: Nest names each handler after its class.
  const Served = { [`Served_${id}`]: class {} }[`Served_${id}`]!
  const prototype = Served.prototype as Record<string, unknown>
  prototype.get = () => id
  Get(path)(prototype, 'get', Object.getOwnPropertyDescriptor(prototype, 'get')!)
  Controller(controller as string)(Served)
  const allows = [originOf(id), ...also]
  Cors({ origin: allows })(Served)
  idOf.set(Served, id)
  allowsOf.set(id, allows)
  return Served
}

/** `[target, id of the controller that serves GET (null: 404), headers, origins a preflight allows]` */
type Probe = readonly [
  target: string,
  servedBy: string | null,
  headers?: Record<string, string>,
  preflightAllows?: readonly string[],
]

interface Row {
  readonly name: string
  readonly platform: 'express' | 'fastify'
  readonly controllers: readonly Type[]
  readonly imports?: readonly unknown[]
  readonly fastifyOptions?: Record<string, unknown>
  readonly configure?: (app: INestApplication) => void
  readonly probes: readonly Probe[]
}

@Module({ controllers: [served('adminrep', 'reports', ':id')] })
class ReportsModule {}

const customVersioning = {
  type: VersioningType.CUSTOM,
  extractor: (request: { headers: Record<string, string | undefined> }) => request.headers['x-v'] ?? '',
}

const both = (row: Omit<Row, 'platform'>): Row[] => [
  { ...row, platform: 'express' },
  { ...row, platform: 'fastify' },
]

const rows: Row[] = [
  {
    name: 'optional parameter {/:id}',
    platform: 'express',
    controllers: [served('opt', 'opt', '{/:id}'), served('optsub', 'opt', ':id/sub')],
    probes: [
      ['/opt', 'opt'],
      ['/opt/1', 'opt'],
      ['/opt/1/', 'opt'],
      ['/OPT/1', 'opt'],
      ['/opt/1/sub', 'optsub'],
      ['/opt/1/2', null],
      ['http://h/opt/1', 'opt'],
      ['http://h?a/opt/1', null],
    ],
  },
  {
    name: 'optional parameter :id?',
    platform: 'fastify',
    controllers: [served('opt', 'opt', ':id?'), served('optsub', 'opt', ':id/sub')],
    probes: [
      ['/opt', 'opt'],
      ['/opt/1', 'opt'],
      ['/opt/1/', null],
      ['/OPT/1', null],
      ['/opt/1/sub', 'optsub'],
      ['/opt/1/2', null],
      // Matched by find-my-way, then sent to the not-found handler by Nest's adapter.
      ['/opt/', null],
      ['/opt//sub', null],
      ['http://h/opt/1', 'opt'],
      ['http://h?a/opt/1', null],
    ],
  },
  {
    name: 'regex parameter :id(^\\d+$) beside a plain one',
    platform: 'fastify',
    controllers: [served('word', 'rx', ':name'), served('num', 'rx', ':id(^\\d+$)')],
    probes: [
      ['/rx/12', 'num'],
      ['/rx/ab', 'word'],
      ['/rx/12a', 'word'],
      ['/rx/', null],
    ],
  },
  {
    name: 'wildcard *path declared before a static route',
    platform: 'express',
    controllers: [served('splat', 'files', '*path'), served('readme', 'files', 'readme')],
    probes: [
      ['/files/readme', 'splat'],
      ['/files/a/b', 'splat'],
      ['/files', null],
    ],
  },
  {
    name: 'wildcard {*path} after a static route',
    platform: 'express',
    controllers: [served('readme', 'docs', 'readme'), served('splat', 'docs', '{*path}')],
    probes: [
      ['/docs/readme', 'readme'],
      ['/DOCS/README/', 'readme'],
      ['/docs/a/b', 'splat'],
      ['/docs/', 'splat'],
      ['/docs', null],
    ],
  },
  {
    name: 'wildcard * declared before a static route',
    platform: 'fastify',
    controllers: [served('splat', 'files', '*'), served('readme', 'files', 'readme')],
    probes: [
      ['/files/readme', 'readme'],
      ['/files/readme/', 'splat'],
      ['/files/a/b', 'splat'],
      ['/files/', 'splat'],
      ['/files', null],
    ],
  },
  {
    name: 'options ignoreTrailingSlash and caseSensitive: false',
    platform: 'fastify',
    fastifyOptions: { ignoreTrailingSlash: true, caseSensitive: false },
    controllers: [served('item', 'items', ':id'), served('latest', 'items', 'latest')],
    probes: [
      ['/items/latest', 'latest'],
      ['/ITEMS/LATEST/', 'latest'],
      ['/Items/7/', 'item'],
      ['/items/', null],
    ],
  },
  ...both({
    name: 'a parameter name used twice, :a/:a',
    controllers: [served('pair', 'pair', ':a/:a')],
    probes: [
      ['/pair/1/2', 'pair'],
      ['/pair//2', null],
      ['/pair/1/', null],
    ],
  }),
  ...both({
    name: 'global prefix with exclusions',
    controllers: [served('health', 'health', ''), served('users', 'users', '')],
    configure: (app) => app.setGlobalPrefix('api', { exclude: ['health'] }),
    probes: [
      ['/api/users', 'users'],
      ['/users', null],
      ['/health', 'health'],
      ['/api/health', null],
    ],
  }),
  ...both({
    name: 'RouterModule path',
    controllers: [served('rootrep', 'reports', ':id')],
    imports: [RouterModule.register([{ path: 'admin', module: ReportsModule }]), ReportsModule],
    probes: [
      ['/admin/reports/1', 'adminrep'],
      ['/reports/1', 'rootrep'],
      ['/admin/reports', null],
    ],
  }),
  ...both({
    name: 'host-bound controller',
    controllers: [served('tenant', { path: 'h', host: ':t.example.com' }, '')],
    probes: [
      ['/h', 'tenant', { host: 'a.example.com' }],
      ['/h', null, { host: 'example.org' }],
    ],
  }),
  {
    name: 'host-bound controller before an unbound one',
    platform: 'express',
    controllers: [served('tenant', { path: 'h', host: ':t.example.com' }, ''), served('anyhost', 'h', '')],
    probes: [
      ['/h', 'tenant', { host: 'a.example.com' }],
      ['/h', 'anyhost', { host: 'example.org' }],
    ],
  },
  ...both({
    name: 'URI versioning',
    controllers: [
      served('v1', { path: 'items', version: '1' }, ''),
      served('v2', { path: 'items', version: '2' }, ''),
    ],
    configure: (app) => app.enableVersioning({ type: VersioningType.URI }),
    probes: [
      ['/v1/items', 'v1'],
      ['/v2/items', 'v2'],
      ['/v3/items', null],
      ['/items', null],
    ],
  }),
  ...both({
    name: 'CUSTOM versioning (a preflight needs both versions: only the shared origin)',
    controllers: [
      served('c1', { path: 'cv', version: '1' }, '', [S]),
      served('c2', { path: 'cv', version: '2' }, '', [S]),
    ],
    configure: (app) => app.enableVersioning(customVersioning as never),
    probes: [
      ['/cv', 'c1', { 'x-v': '1' }, [S]],
      ['/cv', 'c2', { 'x-v': '2' }, [S]],
      ['/cv', null, {}, [S]],
    ],
  }),
]

for (const row of rows) {
  describe(`${row.platform}: ${row.name}`, () => {
    let app: StartedApp
    // Every origin of the row: each controller's, the shared one and the default's.
    const ids = [...row.controllers.map((c) => idOf.get(c)!), ...row.probes.map((p) => p[1])]
    const origins = [...new Set([D, S, ...ids.flatMap((id) => (id === null ? [] : allowsOf.get(id)!))])]
    beforeAll(async () => {
      @Module({
        imports: [CorsModule.forRoot({ origin: [D] }), ...((row.imports ?? []) as Type[])],
        controllers: [...row.controllers],
      })
      class RowModule {}
      const platform =
        row.platform === 'express' || row.fastifyOptions === undefined
          ? platforms.find((p) => p.name === row.platform)!
          : ({
              name: 'fastify',
              create: (module: unknown) =>
                NestFactory.create(module as never, new FastifyAdapter(row.fastifyOptions), {
                  logger: false,
                  abortOnError: false,
                }),
            } as const)
      app = await start(platform, RowModule, row.configure)
    })
    afterAll(() => app.close())

    for (const [target, servedBy, headers = {}, preflightAllows] of row.probes) {
      const label = `${target}${headers.host ? ` (Host ${headers.host})` : ''}${headers['x-v'] ? ` (x-v ${headers['x-v']})` : ''}`
      it(`${label}: served by ${servedBy ?? 'no route'}, and so decided`, async () => {
        const plain = await send(app.url, 'GET', target, headers)
        expect([200, 404], `GET ${target}: ${plain.status} ${plain.body}`).toContain(plain.status)
        expect(plain.status === 404 ? null : plain.body, `the controller that served GET ${target}`).toBe(
          servedBy,
        )
        const actualAllows = servedBy === null ? [D] : allowsOf.get(servedBy)!
        const preflightAllowed = preflightAllows ?? actualAllows
        await Promise.all(
          origins.map(async (origin) => {
            const actual = await send(app.url, 'GET', target, { ...headers, origin })
            expect(actual.headers['access-control-allow-origin'], `GET ${target} from ${origin}`).toBe(
              actualAllows.includes(origin) ? origin : undefined,
            )
            const pre = await send(app.url, 'OPTIONS', target, {
              ...headers,
              origin,
              'access-control-request-method': 'GET',
            })
            expect(pre.status, `preflight of GET ${target} from ${origin}`).toBe(
              preflightAllowed.includes(origin) ? 204 : 403,
            )
          }),
        )
      })
    }
  })
}

// pnpm's strict layout lets only the application resolve @nestjs/platform-fastify, and a
// copy found elsewhere may be another Fastify: the router is loaded from the copy that built
// the instance, or start-up fails saying what to do.
describe('loading the router of the Fastify in use', () => {
  const instance = new FastifyAdapter().getInstance()

  it('takes the router of the Fastify that built the instance, whatever folder cannot resolve it', () => {
    const factory = loadFindMyWay(instance, ['/nowhere/main.js', 'not-absolute.js', import.meta.url])
    const router = factory({})
    router.on('GET', '/a/:id', () => {}, 'store')
    expect(router.find('GET', '/a/1')?.store).toBe('store')
  })

  it('fails with a message naming the fix when no copy in reach built the instance', () => {
    expect(() => loadFindMyWay({}, [import.meta.url])).toThrow(
      /^crossway: cannot load find-my-way, .*found only other copies of Fastify: .*fastify.*add @nestjs\/platform-fastify to the dependencies of the application/,
    )
  })
})
