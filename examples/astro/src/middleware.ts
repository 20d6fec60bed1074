// Three steps, in order: count every request (preflights included, before cors() answers
// them) and answer GET /__stats; add the headers every /api response carries; then one CORS
// policy per route, chosen from the route Astro matched.

import { defineMiddleware, sequence } from 'astro:middleware'
import { corsByRoute } from '@crossway/astro'
import { apiPolicy, createPreflightCounter, publicPolicy, requestId } from '@crossway/example-shared'

// The launcher passes the api policy for its page port, `debug` on (CROSSWAY_EXAMPLE_POLICY).
const api = process.env.CROSSWAY_EXAMPLE_POLICY ? JSON.parse(process.env.CROSSWAY_EXAMPLE_POLICY) : apiPolicy

const preflights = createPreflightCounter()
// Astro runs the middleware again, around the same Request, to render its 404 page: count once.
const counted = new WeakSet<Request>()

const count = defineMiddleware((context, next) => {
  const { request, url } = context
  if (!counted.has(request)) {
    counted.add(request)
    preflights.observe(request.method, url.pathname + url.search, request.headers)
  }
  if (url.pathname === '/__stats') return Response.json(preflights.stats())
  return next()
})

// `x-request-id` is exposed by the policy, `x-internal` is not (the browser must hide it). Set
// outside cors(), so that a 500 it answers for a thrown error carries them too.
const apiHeaders = defineMiddleware(async (context, next) => {
  const { routePattern, request } = context
  const response = await next()
  if (
    request.method === 'OPTIONS' ||
    !routePattern.startsWith('/api/') ||
    routePattern.startsWith('/api/public/')
  )
    return response
  response.headers.set('x-request-id', requestId())
  response.headers.set('x-internal', 'not-exposed')
  return response
})

export const onRequest = sequence(
  count,
  apiHeaders,
  // Keys are route patterns (context.routePattern): the most specific one decides, and a path
  // with no route gets the api policy, so browser code can read its 404.
  corsByRoute({ '/api': api, '/api/public': publicPolicy }, { notFound: api }),
)
