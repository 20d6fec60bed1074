import {
  apiPolicy,
  createPreflightCounter,
  newSessionCookie,
  parseForm,
  publicPolicy,
  readSessionCookie,
  recordHandled,
  requestId,
} from '@crossway/example-shared'
import cors from '@crossway/fastify'
import Fastify from 'fastify'

const app = Fastify()
const preflights = createPreflightCounter()

// Hooks run in the order they are added: this one is in front of the plugin's onRequest hook,
// which answers preflights and ends them there.
app.addHook('onRequest', async (request) => preflights.observe(request.method, request.url, request.headers))
await app.register(cors, apiPolicy)

app.get('/__stats', { config: { cors: false } }, async () => preflights.stats())
app.get('/api/public/hello', { config: { cors: publicPolicy } }, async () => ({
  message: 'hello, anyone',
  framework: 'fastify',
}))

await app.register(
  async (api) => {
    api.addHook('onRequest', async (_request, reply) => {
      reply.header('x-request-id', requestId()).header('x-internal', 'not-exposed')
    })
    api.get('/hello', async () => ({ message: 'hello', framework: 'fastify' }))
    // What a <form method="POST"> sends; Fastify parses only JSON and text by itself.
    api.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, parseForm(body)),
    )
    // State-changing, and what a forged <form method="POST"> would aim at: `csrf` refuses it
    // from another site unless the origin is in the policy (recordHandled: the tests' proof).
    api.post('/items', async (request) => {
      recordHandled('POST', request.url)
      return {
        created: request.body ?? {},
        session: readSessionCookie(request.headers.cookie),
        framework: 'fastify',
      }
    })
    api.put('/items', async (request) => ({ saved: request.body, framework: 'fastify' }))
    // The policy does not list PATCH: the route exists, the browser still refuses to call it.
    api.patch('/items', async (request) => ({ patched: request.body, framework: 'fastify' }))
    api.delete('/items', async () => ({ deleted: true, framework: 'fastify' }))
    // Fastify's error handler keeps the headers set in onRequest, CORS ones included.
    api.get('/error', async () => {
      throw new Error('boom')
    })
    api.get('/cookie', async (_request, reply) => {
      const cookie = newSessionCookie()
      reply.header('set-cookie', cookie.header)
      return { set: cookie.value, framework: 'fastify' }
    })
    api.get('/whoami', async (request) => ({
      cookie: readSessionCookie(request.headers.cookie),
      framework: 'fastify',
    }))
  },
  { prefix: '/api' },
)

const port = Number(process.env.PORT || 3002)
const host = process.env.HOST || '127.0.0.1'
await app.listen({ port, host })
console.log(`fastify example on http://${host}:${port}`)
