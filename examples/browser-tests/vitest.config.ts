import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

const ENGINE_ORDER = ['chromium', 'firefox', 'webkit']

// One engine after another, always in the same order: the files run in one worker anyway,
// and a fixed order makes two runs' logs comparable.
class EngineOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const rank = (f: TestSpecification) => ENGINE_ORDER.indexOf(basename(f.moduleId).split('.')[0] ?? '')
    return [...files].sort((a, b) => rank(a) - rank(b))
  }
}

// Its own project, outside the root `pnpm test` (which globs packages/*): these tests need the
// three browser engines and start every example. Run them with `pnpm test:browser` from the
// root; `BROWSERS=firefox,webkit` picks engines (scripts/browser-tests.mjs turns it into files).
export default defineConfig({
  test: {
    name: 'browser',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    environment: 'node',
    // One browser per engine, one engine at a time, all against one set of servers.
    fileParallelism: false,
    sequence: { sequencer: EngineOrder },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
