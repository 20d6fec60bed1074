import { crosswayProject } from '../../vitest.shared.ts'

export default crosswayProject('migrations', { testTimeout: 30_000 })
