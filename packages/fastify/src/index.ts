// Fastify plugin: one `onRequest` hook, lifted to the whole instance by fastify-plugin, runs
// before auth hooks, body parsing and the 404 handler, so preflights end there for any path
// and every later answer (thrown errors, 400s, 401s, 404s) already carries the CORS headers.
// `Vary` is kept on the reply by @crossway/core/node. Per-route policies are
// compiled in `onRoute`, and at `onReady` for routes declared before the plugin loaded
// (unawaited `register`), so a bad one fails at start-up like the plugin's own.

import {
  type CorsDecision,
  type CorsPolicyInput,
  cachedOrigin,
  createCors,
  createLiveCors,
  decideAmong,
  isPreflight,
  type LiveCors,
  mergeVary,
} from '@crossway/core'
import {
  CORS_DECISION_CHANNEL,
  decideNode,
  isThenable,
  keepReplyVary,
  type MaybePromise,
  publishDecisions,
} from '@crossway/core/node'
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify'
import fp from 'fastify-plugin'
import { type Policy, RoutePolicies } from './route-policies'

export type {
  CorsConfigErrorCode,
  CorsConfigIssue,
  CorsConfigWarning,
  CorsConfigWarningCode,
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
// Policies that live: cached origin lookups and hot reconfiguration (docs/live-policies.md).
export { type CorsPolicyInput, cachedOrigin, createLiveCors, type LiveCors }

/**
 * The plugin's options: the core's policy, whose `origin` function receives Fastify's request;
 * or, in `config.cors`, a policy built by `createCors` / `createLiveCors`, used as is
 * (docs/live-policies.md).
 */
export type FastifyCorsOptions = CorsPolicyInput<FastifyRequest>

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's own complete policy (not merged with the plugin's), or `false` for no CORS at all. */
    cors?: FastifyCorsOptions | false
  }
}

// Decisions go out on node:diagnostics_channel (docs/observability.md). Through
// getBuiltinModule, not an import: loaders without `node:` specifiers (Jest 26) still load us.
const decisionChannel = process.getBuiltinModule?.('diagnostics_channel')?.channel(CORS_DECISION_CHANNEL)
// The template of the route Fastify matched (`undefined` for a 404 or an unrouted preflight).
const observe = publishDecisions(
  'fastify',
  decisionChannel,
  (request: FastifyRequest) => request.routeOptions?.url,
)

const VARY = 'vary'

// Symbol.for: an ESM and a CJS copy of this package must still see each other's registration.
const kRegistered = Symbol.for('crossway.fastify.registered')

const plugin: FastifyPluginAsync<FastifyCorsOptions> = async (app, options) => {
  if ((app as any)[kRegistered]) {
    throw new Error(
      'crossway: @crossway/fastify is registered twice on this Fastify instance; register it once, at the root, and give routes their own policy with `config: { cors }`',
    )
  }
  ;(app as any)[kRegistered] = true
  const base: Policy = createCors<FastifyRequest>(options)
  const routes = new RoutePolicies()

  // Routes declared from here on are compiled as they are declared, so a bad policy throws at
  // its `app.get(...)`; `onReady` catches every route this hook never saw.
  app.addHook('onRoute', (route) => {
    routes.compile(route.config, route.method, route.url)
  })

  app.addHook('onReady', function (this: FastifyInstance, ready: HookHandlerDoneFunction) {
    try {
      routes.build(this)
    } catch (error) {
      return ready(error as Error)
    }
    ready()
  })

  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const h = request.headers
    let decision: MaybePromise<CorsDecision> | undefined
    try {
      // Without per-route policies, nothing per route is read: the common case stays lookup-free.
      if (!routes.active) decision = decideNode(base, request.method, h, request)
      else if (isPreflight(request.method, h.origin, h['access-control-request-method'])) {
        // A preflight asks about the routes its ACRM would reach, not the OPTIONS route (or the
        // 404) that routing picked for it; several when constraints it cannot carry tell them
        // apart (semantics.md §7a). None: the plugin's policy. `null`: our table and Fastify's
        // router disagree, and a preflight nobody can attribute is refused.
        const candidates = routes.ofPreflight(h['access-control-request-method']!, request.url, h.host)
        decision = decideAmong(
          candidates === null
            ? [base, null]
            : candidates.length === 0
              ? [base]
              : candidates.map((c) => (c === false ? null : (c ?? base))),
          request.method,
          h.origin,
          h['access-control-request-method'],
          h['access-control-request-headers'],
          h['access-control-request-private-network'] as string | undefined,
          request,
        )
      } else {
        const own = routes.ofRequest(request)
        decision = own === false ? undefined : decideNode(own ?? base, request.method, h, request)
      }
    } catch (error) {
      return done(error as Error)
    }
    if (decision === undefined) return done()
    if (isThenable(decision)) Promise.resolve(decision).then((d) => apply(d, request, reply, done), done)
    else apply(decision, request, reply, done)
  })
}

function apply(d: CorsDecision, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  if (observe !== undefined) observe(d, request)
  const headers = d.headers
  for (let i = 0; i < headers.length; i++) reply.header(headers[i]![0], headers[i]![1])
  // `Vary` goes on the reply, and the reply's own `header` keeps our tokens in it: every reply
  // header a route, a hook or a plugin sets (`reply.headers()` too) goes through it, so a
  // `Vary` set later is merged, with no `onSend` hook. Not on Node's response: one header set
  // there sends every reply down `writeHead`'s slow path (a `setHeader` call per header).
  if (d.vary !== undefined) {
    reply.header(VARY, mergeVary(reply.getHeader(VARY), d.vary)!)
    keepReplyVary(reply, d.vary)
  }
  // Answering from a callback-style hook means not calling `done`: the route never runs.
  if (d.respond) reply.code(d.status).send()
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
