import { type CorsDecision, decideAmong, isPreflight } from '@crossway/core'
import {
  CORS_DECISION_CHANNEL,
  claimNodeRequest,
  decideNode,
  endResponse,
  keepVary,
  type MaybePromise,
  publishDecisions,
  settleDecision,
  writeDecision,
} from '@crossway/core/node'
import type { PolicyResolver } from './policy-resolver'
import type { NestCorsPolicy } from './route-table'

// Decisions go out on node:diagnostics_channel (docs/observability.md). Through
// getBuiltinModule, not an import: loaders without `node:` specifiers (Jest 26) still load us.
// The hook runs before Nest routes, so no route template is known yet.
const observe = publishDecisions(
  'nestjs',
  process.getBuiltinModule?.('diagnostics_channel')?.channel(CORS_DECISION_CHANNEL),
  () => undefined,
)

/** Continues the request (`done()`) or hands an error to the framework (`done(err)`). */
export type Done = (err?: unknown) => void

/** The signature of `HttpAdapter.setOnRequestHook` on the Express and Fastify adapters. */
export type RequestHook = (this: unknown, req: any, res: any, done: Done) => unknown

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
  function finish(d: CorsDecision, req: any, res: any, done: Done): void {
    if (observe !== undefined) observe(d, req)
    // Headers go on Node's response: Fastify merges them into every reply it sends, its
    // error and 404 replies included, and Express keeps them through Nest's exception layer.
    const raw = fastify ? res.raw : res
    writeDecision(raw, d)
    if (d.respond) {
      // Replying through Fastify (without `done`) skips routing and still runs its onSend and
      // onResponse hooks; on Express the raw response is ended here.
      if (fastify) res.code(d.status).send()
      else endResponse(raw, d)
      return
    }
    if (d.vary !== undefined) keepVary(raw, d.vary)
    done()
  }

  function decide(req: any): MaybePromise<CorsDecision> | undefined {
    const h = req.headers
    const method: string = req.method
    if (resolver === undefined) return defaultPolicy && decideNode(defaultPolicy, method, h, req)
    const path = pathOf(req.url)
    const requestMethod: string | undefined = h['access-control-request-method']
    if (!isPreflight(method, h.origin, requestMethod)) {
      const policy = resolver.actual(req, method, path)
      return policy && decideNode(policy, method, h, req)
    }
    // A preflight asks about the route its Access-Control-Request-Method would reach, not
    // about an OPTIONS route (semantics.md §9); several when a version header or media type
    // it cannot carry tells them apart (§7a).
    const found = resolver.preflight(req, requestMethod!.toUpperCase(), path)
    if (!Array.isArray(found)) return found && decideNode(found as NestCorsPolicy, method, h, req)
    return decideAmong(
      (found as readonly (NestCorsPolicy | undefined)[]).map((policy) => policy ?? null),
      method,
      h.origin,
      requestMethod,
      h['access-control-request-headers'],
      h['access-control-request-private-network'],
      req,
    )
  }

  function crosswayCors(req: any, res: any, done: Done): unknown {
    // The first Crossway layer a request meets decides it: an `@crossway/express` middleware
    // the app also mounts then steps aside (semantics.md §7a).
    if (!claimNodeRequest(fastify ? req.raw : req, fastify ? res.raw : res)) return done()
    let decision: MaybePromise<CorsDecision> | undefined
    try {
      decision = decide(req)
    } catch (err) {
      // Only an origin function throws here. Routed explicitly: Nest 11's Express adapter
      // calls the hook without a try/catch of its own.
      return done(err)
    }
    if (decision === undefined) return done()
    // A throwing or rejecting origin function grants nothing; its error goes to Nest's
    // exception layer.
    settleDecision(decision, (d) => finish(d, req, res, done), done)
    return undefined
  }

  if (previous === undefined) return crosswayCors
  return function crosswayCorsHook(this: unknown, req: any, res: any, done: Done): unknown {
    return previous.call(this, req, res, (err?: unknown) => (err ? done(err) : crosswayCors(req, res, done)))
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
