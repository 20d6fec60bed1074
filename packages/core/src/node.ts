// `@crossway/core/node`: what every Node adapter does once the core has decided — read the
// five request headers, keep a sync decision sync, write the pairs, end a preflight, keep
// `Vary` after the app rewrites it, and let only the first Crossway middleware decide a
// request. Written once here so that a fix reaches Express, Koa and Nest alike. Structural
// types only and no `node:*` import: the core must still load on edge runtimes, and an
// adapter's CommonJS build must not require `node:http` (Jest 26 cannot load it).

import { claimRequest } from './claim'
import type { CorsDecider } from './cors'
import type { CorsDecision } from './decision'
import * as H from './header-names'
import { isThenable, type MaybePromise } from './maybe-promise'
import { mergeVary } from './vary'

export { claimRequest } from './claim'

const kClaimedBy = Symbol.for('crossway.decidedRequest')

/**
 * `claimRequest` for a Node request (semantics.md §7a: the first Crossway middleware a request
 * meets decides it), with the mark on the cheapest object every layer of the request shares:
 * Express's `res.locals` (a dictionary Express makes per request) where there is one, else the
 * request itself. Not on Express's `req`: Express swaps the prototype of every req and res
 * (`Object.setPrototypeOf`), and V8 then builds a new hidden class for each property added to
 * them, about 6 µs each on Node 20 (bench/hidden-class.mjs); a key in `res.locals` costs ~20 ns.
 */
export function claimNodeRequest(req: object, res: object): boolean {
  const locals = (res as { locals?: unknown }).locals
  if (typeof locals !== 'object' || locals === null) return claimRequest(req)
  // The mark names its request: a `res.locals` that an app shares between requests (a
  // module-level object assigned to every response) must not make the next request look decided.
  const marked = locals as { [kClaimedBy]?: object }
  if (marked[kClaimedBy] === req) return false
  marked[kClaimedBy] = req
  return true
}
export type { MaybePromise } from './maybe-promise'
export { isThenable } from './maybe-promise'

/** A Node `IncomingMessage`'s headers: lower-case names, repeated lines joined with `, `. */
export interface NodeRequestHeaders {
  readonly [name: string]: string | readonly string[] | undefined
}

/** What the glue reads of a Node request (`IncomingMessage`, or a framework's wrapper of it). */
export interface NodeRequestLike {
  readonly method?: string | undefined
  readonly headers: NodeRequestHeaders
}

/** What the glue writes to: Node's `ServerResponse`, structurally. */
export interface NodeResponseLike {
  statusCode: number
  setHeader(name: string, value: string | number | readonly string[]): unknown
  getHeader(name: string): string | number | readonly string[] | undefined
  end(): unknown
}

/** Any policy built by `createCors`, whatever request type its `origin` function takes. */
export type NodeCorsPolicy<Req> = CorsDecider<Req>

/** Continues to the next middleware, or hands an error to the framework's error handling. */
export type NodeNext = (error?: unknown) => void

/**
 * The `node:diagnostics_channel` channel on which the Node adapters (Express, Koa, Fastify,
 * Nest) publish a `CorsDecisionEvent` for every decision they apply. The core only names it:
 * publishing is the adapters' (the core loads no `node:*` module). See docs/observability.md.
 */
export const CORS_DECISION_CHANNEL = 'crossway:decision'

/**
 * What is published on `CORS_DECISION_CHANNEL`. `kind`, `allowed`, `reason`, `adapter` and
 * `route` take few values and suit metric labels; `origin` and `method` come from the request
 * and are for logs and traces only: as a label, every distinct `Origin` a client invents
 * would be a new time series.
 */
export interface CorsDecisionEvent {
  readonly adapter: 'express' | 'koa' | 'fastify' | 'nestjs'
  readonly kind: CorsDecision['kind']
  readonly allowed: boolean
  /** Why it was refused (`origin`, `method`, `header`, `private-network`, `malformed`, `csrf`); `undefined` when allowed. */
  readonly reason: CorsDecision['reason']
  /**
   * The route template the framework had matched when CORS decided (`/users/:id`): Fastify's
   * `routeOptions.url`; on Express and Koa only when `cors()` is mounted on a route;
   * `undefined` otherwise, and for preflights answered before routing.
   */
  readonly route: string | undefined
  /** The request's method (`OPTIONS` for a preflight). Request data: not a metric label. */
  readonly method: string
  /** The request's `Origin`, as received (cut to 1024 characters). Request data: never a metric label. */
  readonly origin: string | undefined
}

/** What a Node adapter hands the glue to publish a decision; adapters pass one that checks `hasSubscribers` first. */
export type CorsDecisionObserver = (decision: CorsDecision, req: NodeRequestLike) => void

/**
 * A channel as `node:diagnostics_channel` makes it, structurally (the core imports no
 * `node:*` module; an adapter passes `diagnostics_channel.channel(CORS_DECISION_CHANNEL)`).
 */
export interface CorsDecisionChannel {
  readonly hasSubscribers: boolean
  publish(message: unknown): void
}

/**
 * Builds an adapter's observer over `channel`: nothing but a property read per request while
 * nobody subscribes, and the event built only when someone does. `routeOf` reads the route
 * template from the framework's request, if it has one.
 *
 * @example
 * const observe = publishDecisions('express', channel, (req) => req.route?.path)
 */
export function publishDecisions(
  adapter: CorsDecisionEvent['adapter'],
  channel: CorsDecisionChannel | undefined,
  routeOf: (req: any) => string | undefined,
): CorsDecisionObserver | undefined {
  if (channel === undefined) return undefined
  return function observe(decision, req) {
    if (!channel.hasSubscribers) return
    const origin = line(req.headers[H.ORIGIN])
    let route: string | undefined
    try {
      route = routeOf(req)
    } catch {}
    const event: CorsDecisionEvent = {
      adapter,
      kind: decision.kind,
      allowed: decision.allowed,
      reason: decision.reason,
      route: typeof route === 'string' ? route : undefined,
      method: req.method ?? 'GET',
      origin: origin === undefined ? undefined : origin.slice(0, 1024),
    }
    // A subscriber's throw is reported by diagnostics_channel itself (process 'uncaughtException'
    // on the next tick), never thrown into this request.
    channel.publish(Object.freeze(event))
  }
}

// Node joins repeated lines of these headers with ", " (what §1 needs to spot them); a
// framework that hands over an array gets the same treatment.
function line(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' || value === undefined ? value : value.join(', ')
}

/**
 * Asks `policy` about a Node request: reads `Origin` and the three preflight headers from
 * `headers` (and, only for a policy with `csrf` on, `Sec-Fetch-Site` and the host header)
 * and passes `native` (the framework's own request object) to an `origin` function.
 * Synchronous whenever the policy is.
 *
 * @example
 * const decision = decideNode(policy, req.method, req.headers, req)
 */
export function decideNode<Req>(
  policy: NodeCorsPolicy<Req>,
  method: string,
  headers: NodeRequestHeaders,
  native: Req,
): MaybePromise<CorsDecision> {
  const csrf = policy.csrf
  return policy.decide(
    method,
    line(headers[H.ORIGIN]),
    line(headers[H.REQUEST_METHOD]),
    line(headers[H.REQUEST_HEADERS]),
    line(headers[H.REQUEST_PRIVATE_NETWORK]),
    native,
    // Two more headers, read for a policy with `csrf` on only (semantics.md §10).
    csrf === undefined ? undefined : line(headers[H.FETCH_SITE]),
    csrf === undefined ? undefined : line(headers[csrf.hostHeader]),
  )
}

/** Writes a decision's header pairs and merges its `Vary` tokens into the response's own. */
export function writeDecision(res: NodeResponseLike, decision: CorsDecision): void {
  const headers = decision.headers
  for (let i = 0; i < headers.length; i++) {
    const pair = headers[i]!
    res.setHeader(pair[0], pair[1])
  }
  if (decision.vary !== undefined) writeVary(res, decision.vary)
}

/** Merges `tokens` into the response's `Vary` (no duplicates, `Vary: *` left alone). */
export function writeVary(res: NodeResponseLike, tokens: string): void {
  res.setHeader(H.VARY, mergeVary(res.getHeader(H.VARY), tokens)!)
}

/**
 * Answers what the decision says to answer by itself (`respond: true`: a preflight, or a
 * forgery refused by `csrf`): its status and an empty body. The pairs, `Content-Length: 0`
 * included where it belongs, are already written.
 */
export function endResponse(res: NodeResponseLike, decision: CorsDecision & { status: number }): void {
  res.statusCode = decision.status
  res.end()
}

type HeaderSetter = (name: string, value: any) => unknown

/**
 * One method that sets a header, read and written by name: a keyed `target[method]` store
 * that adds an own property costs V8 several times a named one, which Koa's bench showed
 * (0.5 µs a request).
 */
interface SetterSlot {
  readonly name: 'setHeader' | 'header'
  read(target: any): HeaderSetter
  write(target: any, setter: HeaderSetter): void
  inherited(target: any): HeaderSetter
  /** Where a setter the target already had as its own property (someone else's wrapper) goes. */
  readonly own: symbol
  /** One wrapper per distinct token string, made on first use. */
  readonly keepers: Map<string, HeaderSetter>
}

// Node's `res.setHeader`, and Fastify's `reply.header`.
const SET_HEADER: SetterSlot = {
  name: 'setHeader',
  read: (target) => target.setHeader,
  write: (target, setter) => {
    target.setHeader = setter
  },
  inherited: (target) => Object.getPrototypeOf(target).setHeader,
  own: Symbol.for('crossway.setHeader'),
  keepers: new Map(),
}
const REPLY_HEADER: SetterSlot = {
  name: 'header',
  read: (target) => target.header,
  write: (target, setter) => {
    target.header = setter
  },
  inherited: (target) => Object.getPrototypeOf(target).header,
  own: Symbol.for('crossway.header'),
  keepers: new Map(),
}

// The token strings come from policies (`Origin`, the preflight tokens), never from a request,
// so the maps stay as small as the app's set of policies; and a response then needs a single
// own property, not three.
const tokensOf = new Map<HeaderSetter, string>()

function keeperOf(slot: SetterSlot, tokens: string): HeaderSetter {
  let keeper = slot.keepers.get(tokens)
  if (keeper === undefined) {
    const own = slot.own
    keeper = function keepingVary(this: Record<symbol, HeaderSetter | undefined>, name: string, value: any) {
      // `Vary: *` stays alone: mergeVary leaves it untouched (semantics.md §6).
      if (name.length === 4 && name.toLowerCase() === H.VARY) value = mergeVary(value, tokens) ?? value
      const wrapped = this[own]
      return wrapped === undefined
        ? slot.inherited(this).call(this, name, value)
        : wrapped.call(this, name, value)
    }
    slot.keepers.set(tokens, keeper)
    tokensOf.set(keeper, tokens)
  }
  return keeper
}

function keepOn(slot: SetterSlot, target: any, tokens: string): void {
  const current = slot.read(target)
  const kept = tokensOf.get(current)
  if (kept !== undefined) {
    // Already keeping some tokens: keep both sets, in the one wrapper.
    slot.write(target, keeperOf(slot, mergeVary(kept, tokens) ?? kept))
    return
  }
  // Another layer's own wrapper is kept and called after ours.
  if (Object.hasOwn(target, slot.name)) target[slot.own] = current
  slot.write(target, keeperOf(slot, tokens))
}

/**
 * Keeps `tokens` in this response's `Vary` whatever the application writes later
 * (`res.set('Vary', …)`, `writeHead(200, { vary })`, a compression middleware): every such
 * write reaches `setHeader` (Node routes `writeHead`'s headers there once any header is set,
 * and ours always is), so the one place to merge is this response's own `setHeader`. Per
 * response, as an own property: no prototype shared with other responses is touched, and
 * nothing outlives the response.
 */
export function keepVary(res: NodeResponseLike, tokens: string): void {
  keepOn(SET_HEADER, res, tokens)
}

/**
 * `keepVary` for a Fastify reply: keeps `tokens` in the reply's `Vary` through its own
 * `header` method, which every reply header a route, hook or plugin sets goes through
 * (`reply.headers()` included).
 */
export function keepReplyVary(reply: { header(name: string, value: any): unknown }, tokens: string): void {
  keepOn(REPLY_HEADER, reply, tokens)
}

// `next(undefined)` would carry on as if nothing failed.
const REJECTED_WITHOUT_REASON = 'crossway: the origin function rejected without a reason'

/**
 * Runs a decision to its end in the style of whatwg-node's `handleMaybePromise`: `onDecision`
 * right away when the decision is a value (no promise, no tick), after it settles when it is a
 * promise. A rejection, or a throw from `onDecision` on the async path, goes to `onError`
 * (never `undefined`: a bare rejection becomes an `Error` that says so). On the sync path a
 * throw from `onDecision` is the caller's, as any other synchronous error.
 */
export function settleDecision(
  decision: MaybePromise<CorsDecision>,
  onDecision: (decision: CorsDecision) => void,
  onError: NodeNext,
): void {
  if (!isThenable(decision)) {
    onDecision(decision)
    return
  }
  Promise.resolve(decision)
    .then(onDecision)
    .then(undefined, (error: unknown) => onError(error || new Error(REJECTED_WITHOUT_REASON)))
}

/**
 * The whole CORS step of a connect-style middleware (`(req, res, next)`): decides, writes the
 * headers, and either answers the preflight or keeps `Vary` and continues. An `origin`
 * function's error goes to `next(error)`. Returns `false`, doing nothing but `next()`, when
 * an earlier Crossway middleware already decided this request.
 *
 * @example
 * const policy = createCors<Request>(options)
 * const middleware = (req, res, next) => runCors(policy, req, res, req, next)
 */
export function runCors<Req>(
  policy: NodeCorsPolicy<Req>,
  req: NodeRequestLike & object,
  res: NodeResponseLike,
  native: Req,
  next: NodeNext,
  observe?: CorsDecisionObserver,
): boolean {
  if (!claimNodeRequest(req, res)) {
    next()
    return false
  }
  let decision: MaybePromise<CorsDecision>
  try {
    decision = decideNode(policy, req.method ?? 'GET', req.headers, native)
  } catch (error) {
    // Only an `origin` function throws here. Routed explicitly: some callers (Nest 11's
    // Express adapter calling its request hook) have no try/catch of their own.
    next(error)
    return true
  }
  // The sync path inline: no closure, no promise, for a static policy.
  if (!isThenable(decision)) finish(req, res, decision, next, observe)
  else settleDecision(decision, (d) => finish(req, res, d, next, observe), next)
  return true
}

function finish(
  req: NodeRequestLike,
  res: NodeResponseLike,
  decision: CorsDecision,
  next: NodeNext,
  observe: CorsDecisionObserver | undefined,
): void {
  if (observe !== undefined) observe(decision, req)
  writeDecision(res, decision)
  if (decision.respond) {
    endResponse(res, decision)
    return
  }
  if (decision.vary !== undefined) keepVary(res, decision.vary)
  next()
}
