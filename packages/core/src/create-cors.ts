import { compilePolicy } from './compile'
import type { Cors } from './cors'
import { withCsrf } from './csrf'
import { createDecide } from './decide'
import type { CorsDecision } from './decision'
import { CorsConfigError } from './errors'
import type { CorsOptions, CorsSyncOriginFunction } from './options'
import { validateOptions } from './validate'
import { createHandle } from './web'

/** Options whose `origin` can always be decided synchronously. */
export type CorsSyncOptions<Req = unknown> = CorsOptions<Req> & {
  origin?: Exclude<CorsOptions<Req>['origin'], Function> | CorsSyncOriginFunction<Req>
}

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
export function createCors<Req = unknown>(
  options?: CorsSyncOptions<Req>,
  where?: CreateCorsContext,
): Cors<Req, CorsDecision>
export function createCors<Req = unknown>(
  options?: CorsOptions<Req>,
  where?: CreateCorsContext,
): Cors<Req, CorsDecision | Promise<CorsDecision>>
export function createCors<Req = unknown>(
  options?: CorsOptions<Req>,
  where?: CreateCorsContext,
): Cors<Req, CorsDecision | Promise<CorsDecision>> {
  const issues = validateOptions(options)
  if (issues.length > 0) throw new CorsConfigError(issues, where?.context)
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
  }) as Cors<Req, CorsDecision | Promise<CorsDecision>>
}
