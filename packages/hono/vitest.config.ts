import { crosswayProject } from '../../vitest.shared.ts'

export default crosswayProject('hono')
