import { mergeConfig } from 'vitest/config'
import { crosswayProject } from '../../vitest.shared.ts'

export default mergeConfig(crosswayProject('astro'), {
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // Hooks build the Astro fixture (once per inputs) and start a server per policy group.
    hookTimeout: 240_000,
  },
})
