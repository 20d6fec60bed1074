// A Hono app with @crossway/hono: the routes and policy every Crossway example shares. Plain
// `fetch(request)` inside, so the same module runs on Bun (`export default app`), Deno
// (`Deno.serve(app.fetch)`) and Workers; server.js puts it on Node with @hono/node-server.
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
import { cors } from '@crossway/hono'
import { Hono } from 'hono'
import { except } from 'hono/combine'

const app = new Hono()
const preflights = createPreflightCounter()
const json = (c, body, status) => c.json({ ...body, framework: 'hono' }, status)

// First in the chain: cors() answers preflights itself, so nothing after it sees them.
app.use(async (c, next) => {
  preflights.observe(c.req.method, c.req.url, c.req.raw.headers)
  await next()
})
app.get('/__stats', (c) => c.json(preflights.stats()))

// Two policies, one per path, each built once here (a bad one throws CorsConfigError at
// start-up). A request meets every middleware whose path matches, and the first cors() it
// meets decides it; `except` keeps /api/public/* out of the api policy's mount, so each path
// has exactly one policy whatever the order (README: "One policy per request").
app.use('/api/public/*', cors(publicPolicy))
app.use('/api/*', except('/api/public/*', cors(apiPolicy)))

app.get('/api/public/hello', (c) => json(c, { message: 'hello, anyone' }))

// Prepared before the route runs, so the route's answer and onError's both carry them.
app.use(
  '/api/*',
  except('/api/public/*', async (c, next) => {
    c.header('x-request-id', requestId())
    c.header('x-internal', 'not-exposed')
    await next()
  }),
)

// GET routes answer HEAD too (Hono runs the GET route and drops the body).
app.get('/api/hello', (c) => json(c, { message: 'hello' }))
// State-changing, and what a forged <form method="POST"> would aim at: `csrf` refuses it from
// another site unless the origin is in the policy (recordHandled: the tests' proof).
app.post('/api/items', async (c) => {
  recordHandled('POST', c.req.url)
  const created = parseForm(await c.req.text())
  return json(c, { created, session: readSessionCookie(c.req.header('cookie')) })
})
app.put('/api/items', async (c) => json(c, { saved: await c.req.json() }))
// The policy does not list PATCH: the route exists, the browser still refuses to call it.
app.patch('/api/items', async (c) => json(c, { patched: await c.req.json() }))
app.delete('/api/items', (c) => json(c, { deleted: true }))
app.get('/api/error', () => {
  throw new Error('boom')
})
app.get('/api/cookie', (c) => {
  const cookie = newSessionCookie()
  c.header('set-cookie', cookie.header)
  return json(c, { set: cookie.value })
})
app.get('/api/whoami', (c) => json(c, { cookie: readSessionCookie(c.req.header('cookie')) }))

// cors() adds its headers to whatever the app answered, this 500 included, so the browser
// can read it.
app.onError((error, c) => {
  console.error(`[hono] ${c.req.method} ${c.req.path}: ${error.message}`)
  return json(c, { error: error.message }, 500)
})

export default app
