// Koa middleware: it runs where it is `use`d, normally first, so a preflight is answered
// before routing, auth or body parsing. Koa's `ctx.onerror` strips every header before
// writing an error page and keeps only `err.headers`, so on a downstream throw the CORS
// headers are lent to the error for that call. Reading, deciding, writing and keeping
// `Vary` are @crossway/core/node's, shared with the other Node adapters.

import {
  type CorsDecision,
  type CorsPolicyInput,
  cachedOrigin,
  createCors,
  createLiveCors,
  type LiveCors,
  mergeVary,
} from '@crossway/core'
import {
  CORS_DECISION_CHANNEL,
  claimRequest,
  decideNode,
  isThenable,
  keepVary,
  publishDecisions,
  writeDecision,
} from '@crossway/core/node'
import type { DefaultContext, DefaultState, Middleware, Next, ParameterizedContext } from 'koa'

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
 * The options of `cors()`: the core's policy, whose `origin` function receives the Koa `ctx`;
 * or a policy built by `createCors` / `createLiveCors`, used as is (docs/live-policies.md).
 */
export type KoaCorsOptions<StateT = DefaultState, ContextT = DefaultContext> = CorsPolicyInput<
  ParameterizedContext<StateT, ContextT>
>

/**
 * Builds a Koa middleware that applies a CORS policy: answers preflights itself and adds
 * the CORS headers to every other response, error pages included. The policy is validated
 * here, once: a bad one throws `CorsConfigError` when the app starts.
 *
 * @example
 * import Koa from 'koa'
 * import { cors } from '@crossway/koa'
 *
 * const app = new Koa()
 * app.use(cors({ origin: ['https://app.example.com'], credentials: true }))
 *
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export function cors<StateT = DefaultState, ContextT = DefaultContext>(
  options?: KoaCorsOptions<StateT, ContextT>,
): Middleware<StateT, ContextT> {
  type Ctx = ParameterizedContext<StateT, ContextT>
  const policy = createCors<Ctx>(options)

  let warnedStacked = false

  return function crosswayCors(ctx: Ctx, next: Next) {
    if (!claimRequest(ctx.req)) {
      // Stacked under another Crossway middleware (app-wide plus a router's): the first one a
      // request meets decides it, preflight and actual request alike (semantics.md §7a).
      if (!warnedStacked) {
        warnedStacked = true
        process.emitWarning(STACKED_WARNING, { code: 'CROSSWAY_STACKED' })
      }
      return next()
    }
    // A sync policy stays sync: no promise until `next()` itself.
    const decision = decideNode(policy, ctx.method, ctx.req.headers, ctx)
    return isThenable(decision)
      ? Promise.resolve(decision).then((d) => apply(ctx, next, d))
      : apply(ctx, next, decision)
  }
}

export default cors

// Decisions go out on node:diagnostics_channel (docs/observability.md). Through
// getBuiltinModule, not an import: loaders without `node:` specifiers (Jest 26) still load us.
const decisionChannel = process.getBuiltinModule?.('diagnostics_channel')?.channel(CORS_DECISION_CHANNEL)
// `_matchedRoute` is @koa/router's, set when cors() runs inside a matched route.
const observe = publishDecisions('koa', decisionChannel, (ctx: { _matchedRoute?: unknown }) =>
  typeof ctx._matchedRoute === 'string' ? ctx._matchedRoute : undefined,
)

const STACKED_WARNING =
  'crossway: a request reached two @crossway/koa middlewares; the first one (usually the app-wide one) decided it and the later one did nothing. Mount each policy on the paths it governs only (see "One policy per request" in the @crossway/koa README).'

function apply(ctx: ParameterizedContext<any, any>, next: Next, d: CorsDecision): Promise<void> | undefined {
  // The observer reads `method` and `headers` off what it is given: the ctx has both.
  if (observe !== undefined) observe(d, ctx)
  if (d.respond) {
    // A null body set before the status stops Koa from writing the status text as a body;
    // set the other way round, Koa would turn the empty body into a 204. Koa's body setter
    // also drops Content-Length, so the pairs (the decision's `content-length: 0` among them)
    // go on after it. A 204 needs neither: Koa sends it bare.
    if (d.status !== 204) ctx.body = null
    ctx.status = d.status
    writeDecision(ctx.res, d)
    return undefined
  }
  writeDecision(ctx.res, d)
  if (d.vary !== undefined) keepVary(ctx.res, d.vary)
  lendHeadersToErrorPage(ctx, d)
  // No `.then` of ours on the way back: nothing to do after the app but on an error, and
  // that is `ctx.onerror`'s moment.
  return next()
}

type ErrorHandler = (this: unknown, err: unknown) => unknown

const kDecision = Symbol('crossway.decision')
const kOuterOnerror = Symbol('crossway.onerror')

interface LendingContext {
  onerror: ErrorHandler
  [kDecision]?: CorsDecision
  [kOuterOnerror]?: ErrorHandler
}

/**
 * Koa's `ctx.onerror` removes every response header and then sets only `err.headers`, so
 * the CORS headers must travel on the error for browser code to read the error page
 * (semantics.md §4). They are lent, not given: `ctx.onerror` is synchronous, so they are put
 * on the error for the length of that one call and taken back before it returns. An error
 * object shared between requests (a module-level constant, one rejected promise awaited by
 * two requests) therefore never carries one request's grant into another's response
 * (semantics.md §7a). Installed before `next()` as an own property of this request's `ctx`
 * (one shared function, the decision beside it: nothing allocated per request), it lends to
 * whichever error reaches Koa's handler, also one an outer middleware rethrew.
 */
function lendHeadersToErrorPage(ctx: ParameterizedContext<any, any>, d: CorsDecision): void {
  if (d.headers.length === 0 && d.vary === undefined) return
  const lending = ctx as unknown as LendingContext
  // An `onerror` an earlier middleware set on this ctx still gets the call, after us.
  if (Object.hasOwn(lending, 'onerror')) lending[kOuterOnerror] = lending.onerror
  lending[kDecision] = d
  lending.onerror = onerrorLendingHeaders as ErrorHandler
}

function onerrorLendingHeaders(this: LendingContext, err: unknown): unknown {
  const handler = this[kOuterOnerror] ?? (Object.getPrototypeOf(this) as LendingContext).onerror
  const restore = lendHeaders(err, this[kDecision]!)
  try {
    return handler.call(this, err)
  } finally {
    restore?.()
  }
}

/**
 * Puts the decision's headers on `err.headers` (the names the error already carries win,
 * so `ctx.throw(…, { headers })` keeps its precedence) and returns how to undo it; nothing
 * when the error cannot take them (not an object, frozen, a read-only `headers`).
 */
function lendHeaders(err: unknown, d: CorsDecision): (() => void) | undefined {
  if (err === null || typeof err !== 'object') return undefined // Koa wraps these in a new Error
  const e = err as { headers?: Record<string, unknown> }
  const hadOwn = Object.hasOwn(e, 'headers')
  const own = e.headers
  const headers: Record<string, unknown> = { ...own }
  const taken = new Map<string, string>()
  for (const key of Object.keys(headers)) taken.set(key.toLowerCase(), key)
  for (const [name, value] of d.headers) if (!taken.has(name)) headers[name] = value
  if (d.vary !== undefined) {
    const key = taken.get('vary') ?? 'vary'
    const merged = mergeVary(headers[key] as string | string[] | undefined, d.vary)
    if (merged !== undefined) headers[key] = merged
  }
  try {
    e.headers = headers
  } catch {
    // The error page then goes out without CORS headers, which a browser reads as a
    // refusal. Never mask the original error.
    return undefined
  }
  return () => {
    try {
      if (hadOwn) e.headers = own
      else delete e.headers
    } catch {}
  }
}
