// Koa middleware: it runs where it is `use`d, normally first, so a preflight is answered
// before routing, auth or body parsing, and it wraps `next()` so it still sees the response
// on the way out. Koa's `ctx.onerror` strips every header before writing an error page and
// keeps only `err.headers`, so on a downstream throw the CORS headers are copied there.
// All CORS rules live in @crossway/core; this file only moves headers.

import { type CorsDecision, type CorsOptions, createCors, mergeVary } from '@crossway/core'
import type { DefaultContext, DefaultState, Middleware, Next, ParameterizedContext } from 'koa'

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

/** The options of `cors()`: the core's policy, whose `origin` function receives the Koa `ctx`. */
export type KoaCorsOptions<StateT = DefaultState, ContextT = DefaultContext> = CorsOptions<
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

  return function crosswayCors(ctx: Ctx, next: Next) {
    const h = ctx.req.headers
    const decision = policy.decide(
      ctx.method,
      h.origin,
      h['access-control-request-method'],
      h['access-control-request-headers'],
      // Not in Node's header typings, but Node joins its repeated lines into one string.
      h['access-control-request-private-network'] as string | undefined,
      ctx,
    ) as CorsDecision | Promise<CorsDecision>
    if (typeof (decision as Promise<CorsDecision>).then === 'function') {
      return (decision as Promise<CorsDecision>).then((d) => apply(ctx, next, d))
    }
    return apply(ctx, next, decision as CorsDecision)
  }
}

export default cors

function apply(ctx: ParameterizedContext<any, any>, next: Next, d: CorsDecision): Promise<void> | undefined {
  const headers = d.headers
  for (let i = 0; i < headers.length; i++) ctx.set(headers[i]![0], headers[i]![1])
  const written = d.vary === undefined ? undefined : setVary(ctx, d.vary)

  if (d.kind === 'preflight' && d.respond) {
    if (d.status === 204) {
      // Koa sends a 204 with no body and no length by itself.
      ctx.status = 204
      return undefined
    }
    // A null body set before the status stops Koa from writing the status text as a body;
    // set the other way round, Koa would turn the empty body into a 204.
    ctx.body = null
    ctx.status = d.status
    // Koa 2 would leave out the length (Koa 3 sets it).
    ctx.length = 0
    return undefined
  }
  return next().then(
    () => {
      // The application may have replaced `Vary` after we set it: merge ours back in (a
      // value still equal to what we wrote needs nothing).
      if (d.vary !== undefined && !ctx.headerSent && ctx.res.getHeader('vary') !== written)
        setVary(ctx, d.vary)
    },
    (err: unknown) => {
      keepHeadersOnError(err, ctx, d)
      throw err
    },
  )
}

function setVary(ctx: ParameterizedContext<any, any>, tokens: string): string | undefined {
  const merged = mergeVary(ctx.res.getHeader('vary'), tokens)
  if (merged !== undefined) ctx.set('vary', merged)
  return merged
}

// Per thrown error: the headers it carried before any cors() wrote into it, and the request
// that wrote. An error object reused across requests (a module-level constant) must not
// carry one request's CORS headers into the next.
const touched = new WeakMap<
  object,
  { readonly own: Record<string, unknown> | undefined; readonly ctx: object }
>()

/**
 * Koa's `ctx.onerror` removes every response header and then sets `err.headers`: copy the
 * CORS headers there so that browser code can read the error (semantics.md §4). Names the
 * error already carries win, so `ctx.throw(…, { headers })` and an inner `cors()` (on a
 * router) keep the precedence they have on a normal response.
 */
function keepHeadersOnError(err: unknown, ctx: object, d: CorsDecision): void {
  if (err === null || typeof err !== 'object') return // Koa replaces non-objects with a new Error anyway
  const e = err as { headers?: Record<string, unknown> }
  const seen = touched.get(err)
  const sameRequest = seen?.ctx === ctx
  const own = seen ? seen.own : e.headers
  try {
    const headers: Record<string, unknown> = sameRequest ? (e.headers ?? {}) : { ...own }
    const taken = new Map<string, string>()
    for (const key of Object.keys(headers)) taken.set(key.toLowerCase(), key)
    for (const [name, value] of d.headers) {
      if (!taken.has(name)) headers[name] = value
    }
    if (d.vary !== undefined) {
      const key = taken.get('vary') ?? 'vary'
      const merged = mergeVary(headers[key] as string | string[] | undefined, d.vary)
      if (merged !== undefined) headers[key] = merged
    }
    e.headers = headers
    if (!sameRequest) touched.set(err, { own, ctx })
  } catch {
    // A frozen error or a read-only `headers`: the error page goes out without CORS headers,
    // which a browser treats as a refusal. Never mask the original error.
  }
}
