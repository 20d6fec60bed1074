// Child process of soak.mjs: one adapter behind the fuzz policy, on 127.0.0.1. Memory is
// reported over the IPC channel, never over HTTP: a side endpoint would be served by the
// very event loop under load, and its own garbage would be in the figures.
//
// Started with `--expose-gc`: every sample follows a full collection, so heapUsed is what
// is still reachable — what a leak grows — rather than garbage not yet collected.

import http from 'node:http'

const adapter = process.argv[2]
// soak.mjs --leak-bytes N: the server keeps N bytes per request, to see that a leak shows.
const leakBytes = Number(process.argv[3] ?? 0)

if (typeof process.send !== 'function' || typeof globalThis.gc !== 'function') {
  console.error('soak-server.mjs is started by soak.mjs (it needs an IPC channel and --expose-gc)')
  process.exit(2)
}

/** Mirrors `fuzzPolicy` in src/policy.ts (a plain .mjs cannot import TypeScript). */
const policy = {
  origin: [
    'https://foo.com',
    'https://bar.com',
    'http://localhost:3000',
    'https://*.example.com',
    /^(?:null|https:\/\/rx\.example\.org)$/,
  ],
  credentials: true,
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  exposedHeaders: ['x-request-id'],
  maxAge: 600,
  privateNetwork: true,
}

// The same three routes everywhere: `GET /`, `GET /error` (throws), `POST /resource`
// (reads its body, answers 201); anything else is the framework's own 404.
const apps = {
  async fastify() {
    const { default: Fastify } = await import('fastify')
    const { default: cors } = await import('@crossway/fastify')
    const app = Fastify({ logger: false })
    await app.register(cors, policy)
    app.get('/', async () => 'ok')
    app.get('/error', async () => {
      throw new Error('boom')
    })
    app.post('/resource', async (request, reply) => reply.code(201).send({ got: request.body }))
    await app.ready()
    return app.server
  },
  async koa() {
    const { default: Koa } = await import('koa')
    const { cors } = await import('@crossway/koa')
    const app = new Koa()
    app.silent = true // the 500s are expected; logging each would measure the terminal
    app.use(cors(policy))
    app.use(async (ctx) => {
      if (ctx.method === 'GET' && ctx.path === '/') ctx.body = 'ok'
      else if (ctx.method === 'GET' && ctx.path === '/error') throw new Error('boom')
      else if (ctx.method === 'POST' && ctx.path === '/resource') {
        let body = ''
        for await (const chunk of ctx.req) body += chunk
        ctx.status = 201
        ctx.body = { got: body }
      }
    })
    return http.createServer(app.callback())
  },
  async express() {
    const { default: express } = await import('express')
    const { cors } = await import('@crossway/express')
    const app = express()
    app.use(cors(policy))
    app.get('/', (_req, res) => res.send('ok'))
    app.get('/error', () => {
      throw new Error('boom')
    })
    app.post('/resource', express.json(), (req, res) => res.status(201).json({ got: req.body }))
    // An app's own error handler, as production apps have: Express's default one prints
    // every stack trace to stderr.
    app.use((_err, _req, res, _next) => res.status(500).send('error'))
    return http.createServer(app)
  },
}

if (!(adapter in apps)) {
  console.error(`unknown adapter "${adapter}"; use one of ${Object.keys(apps).join(', ')}`)
  process.exit(2)
}

const server = await apps[adapter]()
if (leakBytes > 0) {
  const kept = []
  server.on('request', () => kept.push('x'.repeat(leakBytes)))
}

process.on('message', (message) => {
  if (message.cmd === 'sample') {
    globalThis.gc()
    const { heapUsed, rss, external } = process.memoryUsage()
    process.send({ id: message.id, heapUsed, rss, external })
  } else if (message.cmd === 'close') {
    server.closeAllConnections()
    server.close(() => process.exit(0))
    setTimeout(() => process.exit(0), 2000).unref()
  }
})
// The parent died: do not linger as an orphan holding a port and a core.
process.on('disconnect', () => process.exit(0))

server.listen(0, '127.0.0.1', () => process.send({ ready: true, port: server.address().port }))
