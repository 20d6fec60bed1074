// The build-time half of the adapter, for astro.config. Astro imports src/middleware.ts on the
// first request an on-demand route receives, not when the server starts, and `astro build` does
// not run it for on-demand routes: a bad policy there passes the build and then answers every
// request with a 500. astro.config is the one user module Astro evaluates before `astro build`,
// `astro dev` and `astro preview` do anything, so validating the policies there stops all three
// with the `CorsConfigError` message.

import { createCors } from '@crossway/core'
import type { AstroIntegration } from 'astro'
import type { AstroCorsOptions } from './middleware'

const CHECK_ORIGIN_WARNING =
  'security.checkOrigin is on, and a policy has csrf on: Astro answers 403 to unsafe cross-origin requests with a form, text or no body before any middleware runs, from the origins your policy allows too. Set security: { checkOrigin: false } and let the policy’s csrf refuse forgeries (see "Astro’s origin check" in the @crossway/astro README).'

/**
 * An Astro integration that validates the CORS policies your src/middleware.ts uses, when Astro
 * loads astro.config: a bad policy throws `CorsConfigError`, with every issue and its fix, so
 * `astro build`, `astro dev` and `astro preview` stop instead of the server answering 500s. Keep
 * each policy in a module that both files import, so the policy checked is the policy served.
 * It also warns when a policy has `csrf` on while Astro's own `security.checkOrigin` is on,
 * since Astro's check then refuses the policy's own origins first.
 *
 * @example
 * // astro.config.mjs
 * import { corsCheck } from '@crossway/astro'
 * import { apiCors } from './src/cors-policy.mjs'
 * export default defineConfig({ integrations: [corsCheck(apiCors)], security: { checkOrigin: false } })
 */
export function corsCheck(...policies: readonly (AstroCorsOptions | undefined)[]): AstroIntegration {
  // `createCors` is the exact check `cors()` runs when Astro loads the middleware; compiling a
  // policy once more here costs microseconds, once per process.
  const csrf = policies.some((policy) => createCors(policy).csrf !== undefined)
  return {
    name: '@crossway/astro:check',
    hooks: {
      'astro:config:setup': ({ config, logger }) => {
        if (csrf && config.security?.checkOrigin !== false) logger.warn(CHECK_ORIGIN_WARNING)
      },
    },
  }
}
