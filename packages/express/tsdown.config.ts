import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: false,
  clean: true,
  target: 'node20',
  platform: 'neutral',
  // `cors` is both a named and the default export on purpose (api.md); CJS callers use `.cors`.
  outputOptions: { exports: 'named' },
})
