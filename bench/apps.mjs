// The servers under test: one framework, one CORS variant, the same policy (policy.mjs),
// spelled in each library's own option names, and one route `GET /` with a two-byte body.
// Each factory returns an `http.Server`, not yet listening.

import http from 'node:http'
import { floorExpress, floorFastify, floorKoa } from './floor.mjs'
import { BODY, MAX_AGE, METHODS, ORIGINS } from './policy.mjs'

export const FRAMEWORKS = ['fastify', 'koa', 'express', 'nest']
export const VARIANTS = ['none', 'floor', 'peer', 'ours']

/** The variants each framework has (all of them, today). */
export const variantsOf = (_framework) => VARIANTS

/** What each row is called in the report. */
export const LABELS = {
  fastify: { none: 'Fastify 5', floor: 'floor', peer: '@fastify/cors', ours: '@crossway/fastify' },
  koa: { none: 'Koa 3', floor: 'floor', peer: '@koa/cors', ours: '@crossway/koa' },
  express: { none: 'Express 5', floor: 'floor', peer: 'cors', ours: '@crossway/express' },
  nest: { none: 'Nest (Express)', floor: 'floor', peer: 'app.enableCors()', ours: '@crossway/nestjs' },
}

// An adapter build to try instead of the workspace one (a candidate fix, measured before it
// lands in packages/): CROSSWAY_BENCH_OURS=/tmp/express-fix.js node run.mjs --only express
const ours = (name) => import(process.env.CROSSWAY_BENCH_OURS ?? name)

const ourPolicy = { origin: ORIGINS, methods: METHODS, credentials: true, maxAge: MAX_AGE }

async function fastifyApp(variant) {
  const { default: Fastify } = await import('fastify')
  const app = Fastify({ logger: false })
  if (variant === 'peer') {
    const { default: cors } = await import('@fastify/cors')
    await app.register(cors, { origin: ORIGINS, methods: METHODS, credentials: true, maxAge: MAX_AGE })
  } else if (variant === 'ours') {
    const { default: cors } = await ours('@crossway/fastify')
    await app.register(cors, ourPolicy)
  } else if (variant === 'floor') {
    floorFastify(app)
  }
  app.get('/', async () => BODY)
  await app.ready()
  return app.server
}

async function koaApp(variant) {
  const { default: Koa } = await import('koa')
  const app = new Koa()
  if (variant === 'peer') {
    const { default: cors } = await import('@koa/cors')
    // @koa/cors takes one origin or a function; a falsy return skips CORS for the request.
    const allowed = new Set(ORIGINS)
    app.use(
      cors({
        origin: (ctx) => (allowed.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),
        allowMethods: METHODS,
        credentials: true,
        maxAge: MAX_AGE,
      }),
    )
  } else if (variant === 'ours') {
    const { cors } = await ours('@crossway/koa')
    app.use(cors(ourPolicy))
  } else if (variant === 'floor') {
    app.use(floorKoa())
  }
  // Stands in for a router: Koa has none built in, and a router would cost every variant alike.
  app.use((ctx) => {
    if (ctx.method === 'GET' && ctx.path === '/') ctx.body = BODY
  })
  return http.createServer(app.callback())
}

async function expressApp(variant) {
  const { default: express } = await import('express')
  const app = express()
  if (variant === 'peer') {
    const { default: cors } = await import('cors')
    app.use(cors({ origin: ORIGINS, methods: METHODS, credentials: true, maxAge: MAX_AGE }))
  } else if (variant === 'ours') {
    const { cors } = await ours('@crossway/express')
    app.use(cors(ourPolicy))
  } else if (variant === 'floor') {
    app.use(floorExpress())
  }
  app.get('/', (_req, res) => {
    res.send(BODY)
  })
  return http.createServer(app)
}

async function nestApp(variant) {
  await import('reflect-metadata')
  const { Controller, Get, Module } = await import('@nestjs/common')
  const { NestFactory } = await import('@nestjs/core')
  const { ExpressAdapter } = await import('@nestjs/platform-express')
  const { default: express } = await import('express')

  // Decorators applied by hand: the bench is plain ESM, with no TypeScript step.
  class AppController {
    root() {
      return BODY
    }
  }
  Controller()(AppController)
  const root = Object.getOwnPropertyDescriptor(AppController.prototype, 'root')
  Get()(AppController.prototype, 'root', root)

  const imports = []
  if (variant === 'ours') {
    const { CorsModule } = await ours('@crossway/nestjs')
    imports.push(CorsModule.forRoot(ourPolicy))
  }
  class AppModule {}
  Module({ imports, controllers: [AppController] })(AppModule)

  const instance = express()
  const app = await NestFactory.create(AppModule, new ExpressAdapter(instance), { logger: false })
  if (variant === 'peer') {
    app.enableCors({ origin: ORIGINS, methods: METHODS, credentials: true, maxAge: MAX_AGE })
  } else if (variant === 'floor') {
    // An Express middleware through Nest's `app.use`: the cheapest place Nest offers.
    app.use(floorExpress())
  }
  await app.init()
  return http.createServer(instance)
}

const factories = { fastify: fastifyApp, koa: koaApp, express: expressApp, nest: nestApp }

/** Builds the server for one framework and variant (not yet listening). */
export function createApp(framework, variant) {
  const factory = factories[framework]
  if (factory === undefined || !variantsOf(framework).includes(variant)) {
    throw new Error(`unknown server ${framework}/${variant}`)
  }
  return factory(variant)
}
