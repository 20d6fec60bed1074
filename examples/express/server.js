import {
  apiPolicy,
  createPreflightCounter,
  newSessionCookie,
  publicPolicy,
  readSessionCookie,
  recordHandled,
  requestId,
} from '@crossway/example-shared'
import { cors } from '@crossway/express'
import express from 'express'

const app = express()
const preflights = createPreflightCounter()

// First in the chain: cors() ends preflights itself, so nothing mounted after it sees them.
app.use((req, _res, next) => {
  preflights.observe(req.method, req.originalUrl, req.headers)
  next()
})
app.get('/__stats', (_req, res) => res.json(preflights.stats()))

// The more specific mount comes first: a request under /api/public gets only the public
// policy and is answered by its router, so the /api policy never adds its headers to it.
const publicApi = express.Router()
publicApi.get('/hello', (_req, res) => res.json({ message: 'hello, anyone', framework: 'express' }))
app.use('/api/public', cors(publicPolicy), publicApi)

const api = express.Router()
api.use((_req, res, next) => {
  res.set({ 'x-request-id': requestId(), 'x-internal': 'not-exposed' })
  next()
})
api.get('/hello', (_req, res) => res.json({ message: 'hello', framework: 'express' }))
// State-changing, and what a forged <form method="POST"> would aim at: `csrf` refuses it from
// another site unless the origin is in the policy (recordHandled: the tests' proof).
api.post('/items', express.urlencoded({ extended: false }), (req, res) => {
  recordHandled('POST', req.originalUrl)
  res.json({ created: { ...req.body }, session: readSessionCookie(req.headers.cookie), framework: 'express' })
})
api.put('/items', express.json(), (req, res) => res.json({ saved: req.body, framework: 'express' }))
// The policy does not list PATCH: the route exists, the browser still refuses to call it.
api.patch('/items', express.json(), (req, res) => res.json({ patched: req.body, framework: 'express' }))
api.delete('/items', (_req, res) => res.json({ deleted: true, framework: 'express' }))
api.get('/error', () => {
  throw new Error('boom')
})
api.get('/cookie', (_req, res) => {
  const cookie = newSessionCookie()
  res.set('set-cookie', cookie.header).json({ set: cookie.value, framework: 'express' })
})
api.get('/whoami', (req, res) =>
  res.json({ cookie: readSessionCookie(req.headers.cookie), framework: 'express' }),
)
app.use('/api', cors(apiPolicy), api)

// cors() wrote its headers before the route threw, so the browser can read this 500.
app.use((err, _req, res, _next) => {
  console.error(`[express] ${err.message}`)
  res.status(500).json({ error: err.message, framework: 'express' })
})

const port = Number(process.env.PORT || 3004)
const host = process.env.HOST || '127.0.0.1'
app.listen(port, host, () => console.log(`express example on http://${host}:${port}`))
