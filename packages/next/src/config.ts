// The build-time half of the adapter, for `next.config.ts`. Next loads `middleware.ts` /
// `proxy.ts` lazily, on the first request its matcher selects, and `next build` never runs it:
// a bad policy there would pass the build and then fail every matched request with a 500.
// `next.config` is the one user module Next evaluates in `next build`, `next start` and
// `next dev` before anything else, so validating the policies there makes a bad one stop all
// three with the `CorsConfigError` message. This entry runs in Node (CommonJS or ESM, as Next
// loads the config) and imports nothing from `next` at run time.

import { createCors } from '@crossway/core'
import type { NextCorsOptions } from './middleware'

/**
 * Validates the CORS policies your `middleware.ts` / `proxy.ts` and route handlers use, when
 * Next.js loads `next.config`, and returns `nextConfig` unchanged (an object or a config
 * function alike). A bad policy throws `CorsConfigError`, with every issue and its fix, so
 * `next build`, `next start` and `next dev` stop instead of answering 500s. Keep each policy in
 * a module that both files import, so the policy checked is the policy served.
 *
 * @example
 * // cors.config.ts
 * export const apiCors = { origin: ['https://app.example.com'] } satisfies NextCorsOptions
 *
 * // proxy.ts
 * export const proxy = cors(apiCors)
 *
 * // next.config.ts
 * import { withCorsCheck } from '@crossway/next/config'
 * import { apiCors } from './cors.config'
 * export default withCorsCheck({ reactStrictMode: true }, apiCors)
 *
 */
export function withCorsCheck<C>(
  nextConfig: C,
  policy: NextCorsOptions | undefined,
  ...morePolicies: readonly (NextCorsOptions | undefined)[]
): C {
  // `createCors` is the exact check `cors()` runs when Next loads the middleware; compiling a
  // policy once more here costs microseconds, once per process.
  for (const each of [policy, ...morePolicies]) createCors(each)
  return nextConfig
}
