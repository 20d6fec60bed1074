// A Nest 11 application compiled to CommonJS, with the decorators applied as functions (what
// `tsc` emits), serving a few routes behind the built @crossway/nestjs. Prints what a handful
// of requests got, as JSON.
require('reflect-metadata')
const http = require('node:http')
const common = require('@nestjs/common')
const { NestFactory } = require('@nestjs/core')
const { ExpressAdapter } = require('@nestjs/platform-express')
const { FastifyAdapter } = require('@nestjs/platform-fastify')
const { Cors, CorsModule, CorsConfigError } = require('../../dist/index.cjs')

const A = 'https://a.example'
const D = 'https://default.example'

function route(target, key, decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, key)
  for (const decorate of decorators) decorate(target.prototype, key, descriptor)
}

class Cats {
  list() {
    return 'cats'
  }
  open() {
    return 'open'
  }
  internal() {
    return 'internal'
  }
  boom() {
    throw new Error('boom')
  }
  update() {
    return 'updated'
  }
}
route(Cats, 'list', [common.Get()])
route(Cats, 'open', [common.Get('open'), Cors({ origin: '*' })])
route(Cats, 'internal', [common.Get('internal'), Cors(false)])
route(Cats, 'boom', [common.Get('boom')])
route(Cats, 'update', [common.Put(':id')])
Cors({ origin: [A], methods: ['GET', 'PUT'] })(Cats)
common.Controller('cats')(Cats)

class AppModule {}
common.Module({ imports: [CorsModule.forRoot({ origin: [D] })], controllers: [Cats] })(AppModule)

function send(port, method, path, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', method, path, headers, agent: false }, (res) => {
      res.resume()
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          acao: res.headers['access-control-allow-origin'] ?? null,
          acam: res.headers['access-control-allow-methods'] ?? null,
        }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

async function check(platform, adapter) {
  const app = await NestFactory.create(AppModule, adapter, { logger: false, abortOnError: false })
  app.setGlobalPrefix('api')
  app.enableVersioning({ type: common.VersioningType.URI, defaultVersion: '1' })
  await app.listen(0, '127.0.0.1')
  const { port } = app.getHttpServer().address()
  const preflight = (path, origin, method) =>
    send(port, 'OPTIONS', path, { origin, 'access-control-request-method': method })
  const results = {
    platform,
    classPolicy: await preflight('/api/v1/cats/7', A, 'PUT'),
    methodPolicy: await send(port, 'GET', '/api/v1/cats/open', { origin: 'https://x.example' }),
    optedOut: await send(port, 'GET', '/api/v1/cats/internal', { origin: A }),
    thrown: await send(port, 'GET', '/api/v1/cats/boom', { origin: A }),
    missing: await send(port, 'GET', '/api/v1/nowhere', { origin: D }),
  }
  await app.close()
  return results
}

async function badPolicy() {
  class Bad {
    get() {}
  }
  route(Bad, 'get', [common.Get(), Cors({ origin: true })])
  common.Controller('bad')(Bad)
  class BadModule {}
  common.Module({ imports: [CorsModule.forRoot()], controllers: [Bad] })(BadModule)
  const app = await NestFactory.create(BadModule, new ExpressAdapter(), {
    logger: false,
    abortOnError: false,
  })
  try {
    await app.init()
    return 'started'
  } catch (err) {
    return err instanceof CorsConfigError ? `${err.code}: ${err.message.includes('Bad.get')}` : String(err)
  } finally {
    await app.close()
  }
}

;(async () => {
  const nestVersion = require('@nestjs/core/package.json').version
  const apps = [await check('express', new ExpressAdapter()), await check('fastify', new FastifyAdapter())]
  process.stdout.write(
    JSON.stringify({ nestMajor: nestVersion.split('.')[0], apps, badPolicy: await badPolicy() }),
  )
})().catch((err) => {
  console.error(err)
  process.exit(1)
})
