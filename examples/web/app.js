// A fetch-style app: `fetch(request) → Response`, the shape Deno, Bun, Cloudflare Workers and
// edge functions run as is. server.js puts it on node:http. No framework: routing is a switch.
import { createCors } from '@crossway/core'
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

// Built once, at start-up: a bad policy throws CorsConfigError here, not on a request.
const apiCors = createCors(apiPolicy)
const publicCors = createCors(publicPolicy)
const preflights = createPreflightCounter()

const json = (body, init) => Response.json({ ...body, framework: 'web' }, init)

async function api(request) {
  const { pathname } = new URL(request.url)
  const route = `${request.method} ${pathname}`
  const headers = { 'x-request-id': requestId(), 'x-internal': 'not-exposed' }
  switch (route) {
    case 'GET /api/hello':
    case 'HEAD /api/hello':
      return json({ message: 'hello' }, { headers })
    // State-changing, and what a forged <form method="POST"> would aim at: `csrf` refuses it
    // from another site unless the origin is in the policy (recordHandled: the tests' proof).
    case 'POST /api/items': {
      recordHandled('POST', request.url)
      const created = parseForm(await request.text())
      const session = readSessionCookie(request.headers.get('cookie'))
      return json({ created, session }, { headers })
    }
    case 'PUT /api/items':
      return json({ saved: await request.json() }, { headers })
    // The policy does not list PATCH: the route exists, the browser still refuses to call it.
    case 'PATCH /api/items':
      return json({ patched: await request.json() }, { headers })
    case 'DELETE /api/items':
      return json({ deleted: true }, { headers })
    case 'GET /api/error':
      throw new Error('boom')
    case 'GET /api/cookie': {
      const cookie = newSessionCookie()
      return json({ set: cookie.value }, { headers: { ...headers, 'set-cookie': cookie.header } })
    }
    case 'GET /api/whoami':
      return json({ cookie: readSessionCookie(request.headers.get('cookie')) }, { headers })
    default:
      return json({ error: 'not found' }, { status: 404, headers })
  }
}

// `handle` rejects when `next` throws (the runtime owns error pages), so errors become a
// Response here, inside `next`, where they still get the CORS headers.
async function apiOrError(request) {
  try {
    return await api(request)
  } catch (error) {
    console.error(`[web] ${request.method} ${request.url}: ${error.message}`)
    return json({ error: error.message }, { status: 500 })
  }
}

export default {
  async fetch(request) {
    preflights.observe(request.method, request.url, request.headers)
    const { pathname } = new URL(request.url)
    if (pathname === '/__stats') return Response.json(preflights.stats())
    if (pathname === '/api/public/hello') {
      return publicCors.handle(request, () => json({ message: 'hello, anyone' }))
    }
    if (pathname.startsWith('/api/')) return apiCors.handle(request, apiOrError)
    return new Response('not found', { status: 404 })
  },
}
