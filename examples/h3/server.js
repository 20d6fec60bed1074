// h3 2 on node:http with @crossway/h3: the routes and policy every Crossway example shares.
import { createServer } from 'node:http'
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
import { cors } from '@crossway/h3'
import { H3, toNodeHandler } from 'h3'

const app = new H3()
const preflights = createPreflightCounter()
const json = (body) => ({ ...body, framework: 'h3' })

// First in the chain: cors() answers preflights itself, so nothing registered after it sees them.
app.use((event) => {
  preflights.observe(event.req.method, event.req.url, event.req.headers)
})
app.get('/__stats', () => preflights.stats())

// One policy per request: /api/public/* gets only the public policy, and the api policy is kept
// off those paths (the first cors() a request meets decides it; see the @crossway/h3 README).
const outsidePublic = (event) => !event.url.pathname.startsWith('/api/public/')
app.use('/api/public/**', cors(publicPolicy))
app.use('/api/**', cors(apiPolicy), { match: outsidePublic })
// On error responses too: h3 2 answers an error with `errHeaders`, never the `headers` prepared
// for a normal answer.
app.use(
  '/api/**',
  (event) => {
    const id = requestId()
    for (const headers of [event.res.headers, event.res.errHeaders]) {
      headers.set('x-request-id', id)
      headers.set('x-internal', 'not-exposed')
    }
  },
  { match: outsidePublic },
)

app.get('/api/public/hello', () => json({ message: 'hello, anyone' }))
app.get('/api/hello', () => json({ message: 'hello' }))
// State-changing, and what a forged <form method="POST"> would aim at: `csrf` refuses it from
// another site unless the origin is in the policy (recordHandled: the tests' proof).
app.post('/api/items', async (event) => {
  recordHandled('POST', event.req.url)
  const created = parseForm(await event.req.text())
  return json({ created, session: readSessionCookie(event.req.headers.get('cookie')) })
})
app.put('/api/items', async (event) => json({ saved: await event.req.json() }))
// The policy does not list PATCH: the route exists, the browser still refuses to call it.
app.patch('/api/items', async (event) => json({ patched: await event.req.json() }))
app.delete('/api/items', () => json({ deleted: true }))
// h3's own error response answers (a 500); cors() prepared its headers for it, so the browser
// can read it.
app.get('/api/error', () => {
  throw new Error('boom')
})
app.get('/api/cookie', (event) => {
  const cookie = newSessionCookie()
  event.res.headers.append('set-cookie', cookie.header)
  return json({ set: cookie.value })
})
app.get('/api/whoami', (event) => json({ cookie: readSessionCookie(event.req.headers.get('cookie')) }))

const port = Number(process.env.PORT || 3008)
const host = process.env.HOST || '127.0.0.1'
createServer(toNodeHandler(app)).listen(port, host, () => console.log(`h3 example on http://${host}:${port}`))
