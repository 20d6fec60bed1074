import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Its own project, outside the root `pnpm test` (which globs packages/*): these tests need
// Chromium and start every example. Run them with `pnpm test:browser` from the root.
export default defineConfig({
  test: {
    name: 'browser',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    environment: 'node',
    // One browser and one set of servers, shared by every test in one file.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
