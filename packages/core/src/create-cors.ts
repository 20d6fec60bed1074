import { compilePolicy } from './compile'
import type { Cors, CorsNext } from './cors'
import { withCsrf } from './csrf'
import { createDecide, type Decide } from './decide'
import type { CorsDecision } from './decision'
import { CorsConfigError } from './errors'
import type { CorsOptions, CorsSyncOriginFunction } from './options'
import { isCorsPolicy, kCorsPolicy } from './policy-brand'
import { validateOptions } from './validate'
import { findWarnings } from './warnings'
import { runWeb } from './web'

/** Options whose `origin` can always be decided synchronously. */
export type CorsSyncOptions<Req = unknown> = CorsOptions<Req> & {
  origin?: Exclude<CorsOptions<Req>['origin'], Function> | CorsSyncOriginFunction<Req>
}

/**
 * What adapters accept wherever they take a policy: options, or a policy already built by
 * `createCors` / `createLiveCors`, used as is (so a live policy stays reconfigurable).
 */
export type CorsPolicyInput<Req = unknown> =
  | CorsOptions<Req>
  | Cors<Req, CorsDecision>
  | Cors<Req, CorsDecision | Promise<CorsDecision>>

/** Where a policy comes from, named in `CorsConfigError` messages (e.g. `CatsController.findAll`). */
export interface CreateCorsContext {
  readonly context?: string
}

/**
 * Validates a CORS policy and compiles it once. Throws `CorsConfigError` listing every
 * problem; afterwards nothing is checked or rebuilt per request.
 *
 * @example
 * const cors = createCors({ origin: ['https://app.example.com'], credentials: true })
 * export default { fetch: (request: Request) => cors.handle(request, app.fetch) }
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
export function createCors<
  Req = unknown,
  Decision extends CorsDecision | Promise<CorsDecision> = CorsDecision,
>(policy: Cors<Req, Decision>, where?: CreateCorsContext): Cors<Req, Decision>
export function createCors<Req = unknown>(
  options?: CorsSyncOptions<Req>,
  where?: CreateCorsContext,
): Cors<Req, CorsDecision>
export function createCors<Req = unknown>(
  options?: CorsPolicyInput<Req>,
  where?: CreateCorsContext,
): Cors<Req, CorsDecision | Promise<CorsDecision>>
export function createCors<Req = unknown>(
  options?: CorsPolicyInput<Req>,
  where?: CreateCorsContext,
): Cors<Req, CorsDecision | Promise<CorsDecision>> {
  // A built policy (a live one above all) is shared, never rebuilt: see CorsPolicyInput.
  if (isCorsPolicy(options)) return options as Cors<Req, CorsDecision | Promise<CorsDecision>>
  return buildCors(options as CorsOptions<Req> | undefined, where)
}

/** Validates and compiles options; `createLiveCors` builds each generation with it. */
export function buildCors<Req>(
  options: CorsOptions<Req> | undefined,
  where: CreateCorsContext | undefined,
): Cors<Req, CorsDecision | Promise<CorsDecision>> {
  const issues = validateOptions(options)
  if (issues.length > 0) throw new CorsConfigError(issues, where?.context)
  if (typeof options?.onWarning === 'function') reportWarnings(options, options.onWarning)
  const policy = compilePolicy(options ?? {})
  const decide =
    policy.csrf === undefined
      ? createDecide(policy)
      : withCsrf(createDecide(policy), createDecide({ ...policy, onReject: undefined }), policy)
  const csrf = policy.csrf === undefined ? undefined : Object.freeze({ hostHeader: policy.csrf.hostHeader })
  return Object.freeze({
    decide,
    handle: createHandle(decide, csrf),
    mayBeAsync: typeof options?.origin === 'function',
    csrf,
    [kCorsPolicy]: true,
  }) as Cors<Req, CorsDecision | Promise<CorsDecision>>
}

// Once per build, never per request; a throwing hook must not stop the server from starting.
function reportWarnings(options: CorsOptions<any>, onWarning: NonNullable<CorsOptions['onWarning']>): void {
  for (const warning of findWarnings(options as Record<string, unknown>)) {
    try {
      onWarning(warning)
    } catch {}
  }
}

/** Builds `handle(request, next)`: `runWeb` with the `Request` itself as the native request. */
function createHandle(
  decide: Decide,
  csrf: { readonly hostHeader: string } | undefined,
): (request: Request, next: CorsNext) => Promise<Response> {
  const policy = { decide, csrf }
  return (request, next) => runWeb(policy, request, request, () => next(request))
}
