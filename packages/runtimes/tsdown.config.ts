import { fileURLToPath } from 'node:url'
import type { UserConfig } from 'tsdown'
import { defineConfig } from 'tsdown'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * One self-contained file per format: ESM for Node, Bun and Deno, and a classic script (IIFE)
 * for the EdgeVM, which evaluates scripts, not modules. `@crossway/*` resolve to their sources
 * (the `@crossway/source` condition), so the matrix checks the code as it is, not a stale build.
 */
export const bundleConfig: UserConfig = {
  entry: { 'web-conformance': here('./src/main.ts') },
  format: ['esm', 'iife'],
  platform: 'neutral',
  target: 'es2022',
  cwd: here('.'),
  outDir: here('./dist'),
  dts: false,
  sourcemap: false,
  clean: true,
  // `neutral` gives no runtime a head start: nothing from `node:*` can creep in unnoticed.
  deps: { alwaysBundle: [/^@crossway\//], onlyBundle: false },
  outExtensions: ({ format }) => ({ js: format === 'iife' ? '.js' : '.mjs' }),
  inputOptions: (options) => ({
    ...options,
    resolve: { ...options.resolve, conditionNames: ['@crossway/source', 'import', 'default'] },
  }),
}

export default defineConfig(bundleConfig)
