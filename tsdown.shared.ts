import { defineConfig } from 'tsdown'

/**
 * The build every published package shares: ESM + CJS with their own declaration files,
 * platform-neutral (no Node built-ins assumed, so the core stays edge-safe). `exports: 'named'`
 * because packages export `cors` both as default and named (api.md): CJS callers read
 * `.cors` or `.default` rather than a bare function.
 */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: false,
  clean: true,
  target: 'node20',
  platform: 'neutral',
  outputOptions: { exports: 'named' },
})
