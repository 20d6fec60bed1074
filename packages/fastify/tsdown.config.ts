import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: false,
  clean: true,
  target: 'node20',
  platform: 'neutral',
  // `cors` is both the default and a named export (api.md); CJS callers get `.default` and `.cors`.
  outputOptions: { exports: 'named' },
})
