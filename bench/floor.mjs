// The "floor" variant: the least work that gives the same answers as ours on the bench's four
// requests. Hard-coded for this policy, with no parsing, no validation and no Vary merging,
// so it is no CORS library; it exists to show how much of a CORS middleware's cost is just
// the framework running one more middleware and Node writing the headers. No implementation
// can beat it, so `floor ÷ peer` is the ceiling of any `ours ÷ peer` target.

import { MAX_AGE, METHODS, ORIGINS } from './policy.mjs'

const allowed = new Set(ORIGINS)
const ACAM = METHODS.join(',')
const ACMA = String(MAX_AGE)
const VARY_ACTUAL = 'Origin'
const VARY_PREFLIGHT = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'

/**
 * What to answer, as [status or 0 to continue, headers]: the shared half of the three
 * framework versions below.
 */
function answer(method, origin, acrm, acrh) {
  const ok = origin !== undefined && allowed.has(origin)
  if (method === 'OPTIONS' && origin !== undefined && acrm) {
    if (!ok || (acrh !== undefined && acrh.length > 1024)) return [403, [['vary', VARY_PREFLIGHT]]]
    const headers = [
      ['access-control-allow-origin', origin],
      ['access-control-allow-credentials', 'true'],
      ['access-control-allow-methods', ACAM],
      ['access-control-max-age', ACMA],
      ['vary', VARY_PREFLIGHT],
    ]
    if (acrh) headers.push(['access-control-allow-headers', acrh.toLowerCase()])
    return [204, headers]
  }
  if (!ok) return [0, [['vary', VARY_ACTUAL]]]
  return [
    0,
    [
      ['access-control-allow-origin', origin],
      ['access-control-allow-credentials', 'true'],
      ['vary', VARY_ACTUAL],
    ],
  ]
}

export function floorExpress() {
  return function floor(req, res, next) {
    const h = req.headers
    const [status, headers] = answer(
      req.method,
      h.origin,
      h['access-control-request-method'],
      h['access-control-request-headers'],
    )
    for (const [name, value] of headers) res.setHeader(name, value)
    if (status === 0) return next()
    res.statusCode = status
    res.end()
  }
}

export function floorKoa() {
  return function floor(ctx, next) {
    const h = ctx.req.headers
    const [status, headers] = answer(
      ctx.method,
      h.origin,
      h['access-control-request-method'],
      h['access-control-request-headers'],
    )
    for (const [name, value] of headers) ctx.set(name, value)
    if (status === 0) return next()
    ctx.status = status
  }
}

/** Added on the root instance, so it needs no fastify-plugin to reach every route. */
export function floorFastify(app) {
  app.addHook('onRequest', (request, reply, done) => {
    const h = request.headers
    const [status, headers] = answer(
      request.method,
      h.origin,
      h['access-control-request-method'],
      h['access-control-request-headers'],
    )
    for (const [name, value] of headers) reply.header(name, value)
    if (status === 0) return done()
    reply.code(status).send()
  })
}
