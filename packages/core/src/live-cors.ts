import type { Cors } from './cors'
import { buildCors, type CorsSyncOptions, type CreateCorsContext } from './create-cors'
import type { CorsDecision } from './decision'
import type { CorsOptions } from './options'
import { isCorsPolicy, kCorsPolicy } from './policy-brand'

/**
 * A policy whose options can be replaced while the server runs. Pass it to any adapter where
 * options go (`cors(live)`, `config: { cors: live }`, `@Cors(live)`,
 * `CorsModule.forRoot(live)`, `withCors(live)`) and keep the handle to call `reconfigure`.
 */
export interface LiveCors<Req = unknown, Decision extends CorsDecision | Promise<CorsDecision> = CorsDecision>
  extends Cors<Req, Decision> {
  /**
   * Validates and compiles `options`, then swaps them in with one assignment. A bad policy
   * throws `CorsConfigError` and the current one stays. Each request is decided wholly by the
   * policy current when its decision starts; a request already decided (or whose `origin`
   * function is still running) keeps the policy it started with.
   *
   * @example
   * configService.on('change', (config) => live.reconfigure({ origin: config.corsOrigins }))
   */
  readonly reconfigure: (
    options: Decision extends Promise<CorsDecision> ? CorsOptions<Req> : CorsSyncOptions<Req>,
  ) => void
  /** 1 for the first policy, then one more per successful `reconfigure`: for logs and metrics. */
  readonly generation: number
}

/**
 * Builds a policy that can be reconfigured without restarting or re-registering anything
 * (see `LiveCors`). Throws `CorsConfigError` for bad options, as `createCors` does.
 *
 * A static policy from `createCors` pays nothing for this: only a live policy adds one
 * function call per request (to reach its current compiled policy).
 *
 * @example
 * const live = createLiveCors({ origin: await loadOrigins() })
 * app.use(cors(live))
 * setInterval(async () => live.reconfigure({ origin: await loadOrigins() }), 60_000)
 */
export function createLiveCors<Req = unknown>(
  options?: CorsSyncOptions<Req>,
  where?: CreateCorsContext,
): LiveCors<Req, CorsDecision>
export function createLiveCors<Req = unknown>(
  options?: CorsOptions<Req>,
  where?: CreateCorsContext,
): LiveCors<Req, CorsDecision | Promise<CorsDecision>>
export function createLiveCors<Req = unknown>(
  options?: CorsOptions<Req>,
  where?: CreateCorsContext,
): LiveCors<Req, CorsDecision | Promise<CorsDecision>> {
  let current = build(options)
  let generation = 1

  function build(next: CorsOptions<Req> | undefined): Cors<Req, CorsDecision | Promise<CorsDecision>> {
    // A live policy over a built one would freeze the options it was meant to replace.
    if (isCorsPolicy(next))
      throw new TypeError('crossway: createLiveCors and reconfigure take options, not a built policy')
    return buildCors(next, where)
  }

  // Every read goes through `current` once per call: JavaScript runs one request's decide
  // (or the glue's read of `csrf` and its call of `decide`, back to back) without
  // interruption, so a swap lands between requests, never inside one decision.
  const live: LiveCors<Req, CorsDecision | Promise<CorsDecision>> = {
    decide: (
      method,
      origin,
      requestMethod,
      requestHeaders,
      requestPrivateNetwork,
      request,
      fetchSite,
      host,
    ) =>
      current.decide(
        method,
        origin,
        requestMethod,
        requestHeaders,
        requestPrivateNetwork,
        request,
        fetchSite,
        host,
      ),
    handle: (request, next) => current.handle(request, next),
    get mayBeAsync() {
      return current.mayBeAsync
    },
    get csrf() {
      return current.csrf
    },
    reconfigure(next) {
      const built = build(next)
      current = built
      generation++
    },
    get generation() {
      return generation
    },
  }
  Object.defineProperty(live, kCorsPolicy, { value: true })
  return Object.freeze(live)
}
