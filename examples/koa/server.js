import {
  apiPolicy,
  createPreflightCounter,
  newSessionCookie,
  publicPolicy,
  readFormBody,
  readJsonBody,
  readSessionCookie,
  recordHandled,
  requestId,
} from '@crossway/example-shared'
import { cors } from '@crossway/koa'
import Router from '@koa/router'
import Koa from 'koa'

const app = new Koa()
const preflights = createPreflightCounter()

// cors() answers preflights without calling `next`, so counting happens in front of it.
app.use((ctx, next) => {
  preflights.observe(ctx.method, ctx.originalUrl, ctx.headers)
  return next()
})

// CORS goes on the app, not on a router: @koa/router skips its middleware for a method it
// has no route for, and a preflight is always an OPTIONS.
const apiCors = cors(apiPolicy)
const publicCors = cors(publicPolicy)
app.use((ctx, next) => {
  if (ctx.path.startsWith('/api/public/')) return publicCors(ctx, next)
  if (ctx.path.startsWith('/api/')) return apiCors(ctx, next)
  return next()
})

const router = new Router()
router.get('/__stats', (ctx) => {
  ctx.body = preflights.stats()
})
router.get('/api/public/hello', (ctx) => {
  ctx.body = { message: 'hello, anyone', framework: 'koa' }
})

const api = new Router({ prefix: '/api' })
api.use((ctx, next) => {
  ctx.set({ 'x-request-id': requestId(), 'x-internal': 'not-exposed' })
  return next()
})
api.get('/hello', (ctx) => {
  ctx.body = { message: 'hello', framework: 'koa' }
})
// State-changing, and what a forged <form method="POST"> would aim at: `csrf` refuses it from
// another site unless the origin is in the policy (recordHandled: the tests' proof).
api.post('/items', async (ctx) => {
  recordHandled('POST', ctx.originalUrl)
  const created = await readFormBody(ctx.req)
  ctx.body = { created, session: readSessionCookie(ctx.get('cookie')), framework: 'koa' }
})
api.put('/items', async (ctx) => {
  ctx.body = { saved: await readJsonBody(ctx.req), framework: 'koa' }
})
// The policy does not list PATCH: the route exists, the browser still refuses to call it.
api.patch('/items', async (ctx) => {
  ctx.body = { patched: await readJsonBody(ctx.req), framework: 'koa' }
})
api.delete('/items', (ctx) => {
  ctx.body = { deleted: true, framework: 'koa' }
})
// Koa's error page drops every header it did not get through `err.headers`; @crossway/koa
// puts the CORS headers there, so the browser can still read this 500.
api.get('/error', () => {
  throw new Error('boom')
})
api.get('/cookie', (ctx) => {
  const cookie = newSessionCookie()
  ctx.set('set-cookie', cookie.header)
  ctx.body = { set: cookie.value, framework: 'koa' }
})
api.get('/whoami', (ctx) => {
  ctx.body = { cookie: readSessionCookie(ctx.get('cookie')), framework: 'koa' }
})

app.use(router.routes()).use(api.routes()).use(api.allowedMethods())
// One line per error instead of Koa's default stack dump.
app.on('error', (err, ctx) => console.error(`[koa] ${ctx?.method} ${ctx?.path}: ${err.message}`))

const port = Number(process.env.PORT || 3003)
const host = process.env.HOST || '127.0.0.1'
app.listen(port, host, () => console.log(`koa example on http://${host}:${port}`))
