// Middleware cost per request, on NextRequest objects, against the CORS middleware people
// usually write by hand for Next.js (an `includes` check, headers set on NextResponse.next()).
// Run after a build: `pnpm --filter @crossway/next build && pnpm --filter @crossway/next bench`.
import { bench, do_not_optimize, run, summary } from 'mitata'
import { NextRequest, NextResponse } from 'next/server.js'
import { cors } from '../dist/index.js'

const APP = 'https://app.example.com'
const allowedOrigins = [APP, 'http://localhost:3000']

const crossway = cors({ origin: allowedOrigins, credentials: true, maxAge: 600 })

// The hand-written baseline: no Vary, no ACRM/ACRH checks, any OPTIONS treated as a preflight.
function handWritten(request) {
  const origin = request.headers.get('origin') ?? ''
  const allowed = allowedOrigins.includes(origin)
  if (request.method === 'OPTIONS') {
    const headers = new Headers()
    if (allowed) {
      headers.set('Access-Control-Allow-Origin', origin)
      headers.set('Access-Control-Allow-Credentials', 'true')
      headers.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS')
      headers.set('Access-Control-Allow-Headers', 'Content-Type, Authorization')
      headers.set('Access-Control-Max-Age', '600')
    }
    return new NextResponse(null, { status: 204, headers })
  }
  const response = NextResponse.next()
  if (allowed) {
    response.headers.set('Access-Control-Allow-Origin', origin)
    response.headers.set('Access-Control-Allow-Credentials', 'true')
  }
  return response
}

const actual = new NextRequest('https://api.example.com/api/items', { headers: { origin: APP } })
const preflight = new NextRequest('https://api.example.com/api/items', {
  method: 'OPTIONS',
  headers: {
    origin: APP,
    'access-control-request-method': 'PUT',
    'access-control-request-headers': 'content-type,authorization',
  },
})

// Both sides are awaited, as Next.js awaits whatever a middleware returns.
summary(() => {
  bench('actual GET, allowed — @crossway/next cors()', async () => do_not_optimize(await crossway(actual)))
  bench('actual GET, allowed — hand-written', async () => do_not_optimize(await handWritten(actual)))
})
summary(() => {
  bench('preflight, allowed — @crossway/next cors()', async () => do_not_optimize(await crossway(preflight)))
  bench('preflight, allowed — hand-written', async () => do_not_optimize(await handWritten(preflight)))
})

await run()
