// Fastify plugin: one `onRequest` hook, lifted to the whole instance by fastify-plugin, runs
// before auth hooks, body parsing and the 404 handler, so preflights end there for any path
// and every later answer (thrown errors, 400s, 401s, 404s) already carries the CORS headers.
// `Vary` is merged in `onSend`, after the app may have set its own. Per-route policies are
// compiled in `onRoute`, so a bad one fails at start-up like the plugin's own.

import {
  type Cors,
  type CorsDecision,
  type CorsOptions,
  createCors,
  isPreflight,
  mergeVary,
} from '@crossway/core'
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify'
import fp from 'fastify-plugin'
import { RouteTable } from './route-table'

export type {
  CorsConfigErrorCode,
  CorsConfigIssue,
  CorsList,
  CorsOptions,
  CorsOrigin,
  CorsOriginEntry,
  CorsOriginFunction,
  CorsRejection,
  CorsRejectionReason,
  CorsSyncOriginFunction,
} from '@crossway/core'
export { CorsConfigError, isCorsConfigError } from '@crossway/core'

/** The plugin's options: the core's policy, whose `origin` function receives Fastify's request. */
export type FastifyCorsOptions = CorsOptions<FastifyRequest>

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's own complete policy (not merged with the plugin's), or `false` for no CORS at all. */
    cors?: FastifyCorsOptions | false
  }
}

type Policy = Cors<FastifyRequest, CorsDecision | Promise<CorsDecision>>
/** `undefined`: the route has no policy of its own and uses the plugin's. */
type RoutePolicy = Policy | false | undefined

// Symbol.for: an ESM and a CJS copy of this package must still see each other's registration.
const kRegistered = Symbol.for('crossway.fastify.registered')
const kVary = Symbol('crossway.vary')

const plugin: FastifyPluginAsync<FastifyCorsOptions> = async (app, options) => {
  if ((app as any)[kRegistered]) {
    throw new Error(
      'crossway: @crossway/fastify is registered twice on this Fastify instance; register it once, at the root, and give routes their own policy with `config: { cors }`',
    )
  }
  ;(app as any)[kRegistered] = true
  const base: Policy = createCors<FastifyRequest>(options)
  const compiled = new WeakMap<object, Policy>()
  const table = new RouteTable<RoutePolicy>()
  let hasRoutePolicies = false

  app.decorateRequest(kVary as any, null)

  app.addHook('onRoute', (route) => {
    const own = route.config?.cors
    let policy: RoutePolicy
    if (own === false) policy = false
    else if (own != null) {
      // One compile per options object: the automatic HEAD route shares its GET's `config`.
      policy =
        compiled.get(own) ??
        createCors<FastifyRequest>(own, { context: `route ${route.method} ${route.url}` })
      compiled.set(own, policy)
    }
    if (own != null) hasRoutePolicies = true
    table.add(route, policy)
  })

  app.addHook('onReady', function (this: FastifyInstance, ready: HookHandlerDoneFunction) {
    table.build(this, hasRoutePolicies)
    ready()
  })

  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const h = request.headers
    const origin = h.origin
    const acrm = h['access-control-request-method']
    let policy: Policy = base
    let decision: CorsDecision | Promise<CorsDecision>
    try {
      // Without per-route policies, nothing per route is read: the common case stays lookup-free.
      if (hasRoutePolicies) {
        // A preflight asks about the route its ACRM would reach, not the OPTIONS route (or the
        // 404) that routing picked for it.
        const own = isPreflight(request.method, origin, acrm)
          ? table.find(acrm!, request.url, h.host)
          : ownPolicy(request, compiled)
        if (own === false) return done()
        if (own !== undefined) policy = own
      }
      decision = policy.decide(
        request.method,
        origin,
        acrm,
        h['access-control-request-headers'],
        h['access-control-request-private-network'] as string | undefined,
        request,
      )
    } catch (error) {
      return done(error as Error)
    }
    if (policy.mayBeAsync && typeof (decision as any).then === 'function') {
      ;(decision as Promise<CorsDecision>).then((d) => apply(d, request, reply, done), done)
    } else apply(decision as CorsDecision, request, reply, done)
  })

  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
    const vary: string | null = (request as any)[kVary]
    if (vary !== null) reply.header('vary', mergeVary(reply.getHeader('vary'), vary))
    done(null, payload)
  })
}

function ownPolicy(request: FastifyRequest, compiled: WeakMap<object, Policy>): RoutePolicy {
  const own = request.routeOptions.config?.cors
  if (own == null || own === false) return own ?? undefined
  const policy = compiled.get(own)
  if (policy === undefined) {
    throw new Error(
      `crossway: route ${request.method} ${request.routeOptions.url} has \`config.cors\` but was declared before @crossway/fastify was registered; \`await app.register(cors)\` before declaring routes`,
    )
  }
  return policy
}

function apply(d: CorsDecision, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const headers = d.headers
  for (let i = 0; i < headers.length; i++) reply.header(headers[i]![0], headers[i]![1])
  if (d.vary !== undefined) (request as any)[kVary] = d.vary
  // Answering from a callback-style hook means not calling `done`: the route never runs.
  if (d.kind === 'preflight' && d.respond) reply.code(d.status).send()
  else done()
}

/**
 * The Fastify plugin: applies a CORS policy to every route of the instance, answers
 * preflights for any path, and accepts per-route policies in `config.cors`. A bad policy
 * throws `CorsConfigError` when the plugin or the route is registered.
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 * @example
 * import cors from '@crossway/fastify'
 * await app.register(cors, { origin: ['https://app.example.com'] })
 * app.get('/public', { config: { cors: { origin: '*' } } }, handler)
 */
export const cors: FastifyPluginAsync<FastifyCorsOptions> = fp(plugin, {
  name: '@crossway/fastify',
  fastify: '4.x || 5.x',
})

export default cors
