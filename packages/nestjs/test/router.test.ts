import { Controller, Get, Module, VersioningType } from '@nestjs/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
