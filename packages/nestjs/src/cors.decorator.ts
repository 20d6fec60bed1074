import type { CorsPolicyInput } from '@crossway/core'
import { SetMetadata } from '@nestjs/common'

/** The reflection key under which `@Cors()` stores a controller's or a handler's setting. */
export const CORS_METADATA_KEY = 'crossway:cors'

/**
 * What `@Cors()` stores: `options` is the route's complete policy, `false` to opt out, or
 * `undefined` for the module's default policy (the core defaults when there is none).
 * Wrapped in an object so that `@Cors()` stays distinguishable from no decorator at all.
 */
export interface CorsMetadata {
  readonly options: CorsPolicyInput<any> | false | undefined
}

/**
 * Sets the CORS policy of a controller (every route in it) or of one handler. A handler's
 * `@Cors()` wins over its controller's, which wins over `CorsModule.forRoot(options)`. The
 * options are a complete policy, never merged with another; they are validated when the
 * application initialises, and a bad one fails start-up with a `CorsConfigError` naming the
 * controller and the method.
 *
 * @param options the policy (see `CorsOptions`; or one built by `createLiveCors`, used as is
 *   and reconfigurable: docs/live-policies.md), `false` to send no CORS headers at all on
 *   this route (its preflights then reach the application untouched), or nothing to use the
 *   module's default policy (the core defaults when `forRoot()` was given none).
 * @example
 * @Cors({ origin: ['https://app.example.com'], credentials: true })
 * @Controller('cats')
 * export class CatsController {
 *   @Get() findAll() {}
 *   @Cors({ origin: '*' }) @Get('public') list() {}
 *   @Cors(false) @Post('admin') admin() {}
 * }
 */
export function Cors<Req = any>(options?: CorsPolicyInput<Req> | false): ClassDecorator & MethodDecorator {
  const metadata: CorsMetadata = Object.freeze({
    options: options as CorsPolicyInput<any> | false | undefined,
  })
  return SetMetadata(CORS_METADATA_KEY, metadata)
}
