import { mergeConfig } from 'vitest/config'
import { crosswayProject } from '../../vitest.shared.ts'

export default mergeConfig(crosswayProject('sveltekit'), {
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // `vite build` of the fixture app (when its inputs changed), then `node build` per policy.
    hookTimeout: 60_000,
  },
})
