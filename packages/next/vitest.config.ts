import { mergeConfig } from 'vitest/config'
import { crosswayProject } from '../../vitest.shared.ts'

export default mergeConfig(crosswayProject('next'), {
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // `next start` per policy group on a busy 2-core CI machine; the example build sets its own.
    hookTimeout: 60_000,
  },
})
