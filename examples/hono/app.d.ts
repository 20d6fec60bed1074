import type { Hono } from 'hono'

/** The example app: the shared routes behind @crossway/hono (app.js). */
declare const app: Hono
export default app
