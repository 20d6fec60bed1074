// Astro 5, rendered on demand by @astrojs/node in standalone mode: `pnpm build`, then
// `pnpm start` runs dist/server/entry.mjs on HOST and PORT from the environment.
import node from '@astrojs/node'
import { corsCheck } from '@crossway/astro'
import { apiPolicy, publicPolicy } from '@crossway/example-shared'
import { defineConfig } from 'astro/config'

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // Defaults for `pnpm start` without HOST/PORT; the launcher always passes both.
  server: { host: '127.0.0.1', port: 3010 },
  // Astro's own origin check would answer 403 to the allowed page's cross-origin form posts
  // before any middleware runs; the api policy's `csrf: true` refuses forgeries instead, and
  // lets its own origin through (@crossway/astro README, "Astro's origin check").
  security: { checkOrigin: false },
  // src/middleware.ts is loaded on the first request: a bad policy stops `astro build` here.
  integrations: [corsCheck(apiPolicy, publicPolicy)],
})
