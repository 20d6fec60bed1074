import { type CorsDecision, isPreflight, mergeVary } from '@crossway/core'
import type { CandidatePolicies, PolicyResolver } from './policy-resolver'
import type { NestCorsPolicy } from './route-table'

/** Continues the request (`done()`) or hands an error to the framework (`done(err)`). */
export type Done = (err?: unknown) => void

/** The signature of `HttpAdapter.setOnRequestHook` on the Express and Fastify adapters. */
export type RequestHook = (this: unknown, req: any, res: any, done: Done) => unknown

// `done(undefined)` would carry on as if nothing had failed.
const REJECTED_WITHOUT_REASON = 'crossway: the origin function rejected without a reason'

/**
 * Builds the request hook: finds the policy of the route the request (or, for a preflight,
 * its `Access-Control-Request-Method`) reaches, lets the core decide, writes the headers onto
 * the Node.js response, and either answers the preflight or continues to the router.
 * `resolver` is `undefined` when every route has `defaultPolicy`: no lookup then.
 * `previous`, a hook installed before ours, runs first, as it would have without us.
 */
export function createCorsHook(
  defaultPolicy: NestCorsPolicy | undefined,
  resolver: PolicyResolver | undefined,
  fastify: boolean,
  previous: RequestHook | undefined,
): RequestHook {
  function apply(d: CorsDecision, res: any, done: Done): unknown {
    // Headers go on Node's response: Fastify merges them into every reply it sends, its
    // error and 404 replies included, and Express keeps them through Nest's exception layer.
    const raw = fastify ? res.raw : res
    const headers = d.headers
    for (let i = 0; i < headers.length; i++) {
      const pair = headers[i]!
      raw.setHeader(pair[0], pair[1])
    }
    const vary = d.vary
    if (vary !== undefined) raw.setHeader('vary', mergeVary(raw.getHeader('vary'), vary))
    if (d.respond) {
      if (fastify) {
        // Replying from the hook (without `done`) skips routing; Fastify's onSend and
        // onResponse hooks still run, and it writes `Content-Length: 0` except on a 204.
        res.code(d.status).send()
        return
      }
      raw.statusCode = d.status
      // A 204 must not carry Content-Length (RFC 9110 §8.6); any other empty answer states it.
      if (d.status !== 204) raw.setHeader('content-length', '0')
      raw.end()
      return
    }
    if (vary !== undefined) keepVary(raw, vary)
    return done()
  }

  function crosswayCors(req: any, res: any, done: Done): unknown {
    const h = req.headers
    const method: string = req.method
    const origin: string | undefined = h.origin
    const requestMethod: string | undefined = h['access-control-request-method']
    let policy: NestCorsPolicy | undefined = defaultPolicy
    if (resolver !== undefined) {
      const path = pathOf(req.url)
      if (isPreflight(method, origin, requestMethod)) {
        // A preflight asks about the route its Access-Control-Request-Method would reach, not
        // about an OPTIONS route (semantics.md §9).
        const found = resolver.preflight(req, requestMethod!.toUpperCase(), path)
        if (Array.isArray(found)) return decideForAll(found as CandidatePolicies, req, res, done)
        policy = found as NestCorsPolicy | undefined
      } else {
        policy = resolver.actual(req, method, path)
      }
    }
    if (policy === undefined) return done()

    let decision: CorsDecision | Promise<CorsDecision>
    try {
      decision = policy.decide(
        method,
        origin,
        requestMethod,
        h['access-control-request-headers'],
        h['access-control-request-private-network'],
        req,
      )
    } catch (err) {
      // Only an origin function throws here. Routed explicitly: Nest 11's Express adapter
      // calls the hook without a try/catch of its own.
      return done(err)
    }
    if (policy.mayBeAsync && typeof (decision as Promise<CorsDecision>).then === 'function') {
      // A throwing origin function grants nothing; its error goes to Nest's exception layer.
      ;(decision as Promise<CorsDecision>).then(
        (d) => {
          try {
            apply(d, res, done)
          } catch (err) {
            done(err)
          }
        },
        (err: unknown) => done(err || new Error(REJECTED_WITHOUT_REASON)),
      )
      return
    }
    return apply(decision as CorsDecision, res, done)
  }

  // Several handlers may serve the path, told apart by what a preflight does not carry (a
  // version header, a media type): allowed only when every one of their policies allows it
  // (semantics.md §7a), answered then with the first one's decision; a handler without CORS
  // allows nothing. A refusal is the first refusing policy's own 403.
  function decideForAll(candidates: CandidatePolicies, req: any, res: any, done: Done): unknown {
    const h = req.headers
    const decisions: (CorsDecision | Promise<CorsDecision> | undefined)[] = []
    let pending = false
    try {
      for (const policy of candidates) {
        const d =
          policy === undefined
            ? undefined
            : policy.decide(
                req.method,
                h.origin,
                h['access-control-request-method'],
                h['access-control-request-headers'],
                h['access-control-request-private-network'],
                req,
              )
        if (d !== undefined && typeof (d as Promise<CorsDecision>).then === 'function') pending = true
        decisions.push(d)
      }
    } catch (err) {
      return done(err)
    }
    const settle = (settled: readonly (CorsDecision | undefined)[]): unknown => {
      let first: CorsDecision | undefined
      for (const d of settled) {
        if (d === undefined) continue
        if (!d.allowed) return apply(d, res, done)
        first ??= d
      }
      // Only handlers without CORS: the preflight goes on untouched, as it would to any one of them.
      if (first === undefined) return done()
      if (settled.includes(undefined)) return apply(refusalLike(first), res, done)
      return apply(first, res, done)
    }
    if (!pending) return settle(decisions as (CorsDecision | undefined)[])
    Promise.all(decisions).then(
      (settled) => {
        try {
          settle(settled)
        } catch (err) {
          done(err)
        }
      },
      (err: unknown) => done(err || new Error(REJECTED_WITHOUT_REASON)),
    )
    return
  }

  if (previous === undefined) return crosswayCors
  return function crosswayCorsHook(this: unknown, req: any, res: any, done: Done): unknown {
    return previous.call(this, req, res, (err?: unknown) => (err ? done(err) : crosswayCors(req, res, done)))
  }
}

/**
 * A bare 403 for a preflight one candidate allowed and another, without CORS, cannot: no
 * CORS header, the allowed decision's `Vary` kept (the answer still depends on the request).
 */
function refusalLike(allowed: CorsDecision): CorsDecision {
  return {
    kind: 'preflight',
    allowed: false,
    reason: 'origin',
    respond: true,
    status: 403,
    headers: [],
    vary: allowed.vary,
  }
}

function pathOf(url: string): string {
  const query = url.indexOf('?')
  const path = query === -1 ? url : url.slice(0, query)
  if (path.charCodeAt(0) === 47 /* / */) return path
  // An absolute-form target (`GET http://host/path`): routers match its path.
  try {
    return new URL(path).pathname
  } catch {
    return path
  }
}

const kVary = Symbol('crossway.vary')
const kSetHeader = Symbol('crossway.setHeader')

interface VaryTrackedResponse {
  setHeader(name: string, value: unknown): unknown
  [kVary]?: string
  [kSetHeader]?: (name: string, value: unknown) => unknown
}

// Apps replace Vary after us (`@Header('Vary', …)`, `res.set`, `reply.header`). Every such
// write reaches Node's `setHeader`, including the headers Fastify passes to `writeHead` (Node
// applies them through `setHeader` once a header has been set, as ours always is), so
// merging there keeps `Origin` on the final response for the price of one length check.
function keepVary(res: VaryTrackedResponse, vary: string): void {
  const held = res[kVary]
  if (held !== undefined) {
    res[kVary] = mergeVary(held, vary)
    return
  }
  res[kVary] = vary
  res[kSetHeader] = res.setHeader
  res.setHeader = setHeaderKeepingVary
}

function setHeaderKeepingVary(this: VaryTrackedResponse, name: string, value: unknown): unknown {
  if (name.length === 4 && name.toLowerCase() === 'vary') {
    value = mergeVary(value as string | string[] | number, this[kVary]) ?? value
  }
  return this[kSetHeader]!.call(this, name, value)
}
