import { defineConfig } from 'tsdown'
import shared from '../../tsdown.shared.ts'

// Two entries: the middleware and route handlers (Edge-safe), and `@crossway/next/config` for
// next.config, which Node loads at build time and which must not pull in `next/server`.
// `next/navigation` stays bare (tsdown would write `next/navigation.js`, which Turbopack
// resolves to the client build inside route handlers); see src/next-control-flow.ts.
export default defineConfig({
  ...shared,
  entry: ['src/index.ts', 'src/config.ts'],
  deps: { neverBundle: ['next/navigation'] },
})
