// Three hooks, in this order: count every request (preflights included, so it must come before
// CORS, which answers them itself) and serve GET /__stats; apply the CORS policy of the route
// SvelteKit matched; add the headers every /api response carries. Each policy is validated
// once, when `node build` loads this module: a bad one stops the server before it listens.
import { apiPolicy, createPreflightCounter, publicPolicy, requestId } from '@crossway/example-shared'
import { corsByRoute, type SvelteKitCorsOptions } from '@crossway/sveltekit'
import type { Handle } from '@sveltejs/kit'
import { sequence } from '@sveltejs/kit/hooks'

// The launcher passes the api policy for its page port (with `debug` on) as JSON.
const api: SvelteKitCorsOptions = process.env.CROSSWAY_EXAMPLE_POLICY
  ? JSON.parse(process.env.CROSSWAY_EXAMPLE_POLICY)
  : apiPolicy

const preflights = createPreflightCounter()

const countRequests: Handle = ({ event, resolve }) => {
  preflights.observe(event.request.method, event.url.pathname + event.url.search, event.request.headers)
  if (event.url.pathname === '/__stats') return Response.json(preflights.stats())
  return resolve(event)
}

// By route id, the route Kit will run: /api/public/hello gets the public policy, every other
// route under src/routes/api (the catch-all 404 included) the api policy, the rest none.
const applyCors = corsByRoute({ '/api/public': publicPolicy, '/api': api })

// `x-request-id` is exposed by the api policy, `x-internal` is not: the browser must hide it.
// Set on whatever `resolve` answers, Kit's 500 page for /api/error included.
const apiHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event)
  const route = event.route.id ?? ''
  if (route.startsWith('/api/') && !route.startsWith('/api/public/')) {
    response.headers.set('x-request-id', requestId())
    response.headers.set('x-internal', 'not-exposed')
  }
  return response
}

export const handle = sequence(countRequests, applyCors, apiHeaders)
