// Hono on Node: @hono/node-server turns each Node request into a `Request` for `app.fetch`.
import { serve } from '@hono/node-server'
import app from './app.js'

const port = Number(process.env.PORT || 3007)
const hostname = process.env.HOST || '127.0.0.1'
serve({ fetch: app.fetch, port, hostname }, () => console.log(`hono example on http://${hostname}:${port}`))
