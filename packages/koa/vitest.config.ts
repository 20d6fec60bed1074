import { crosswayProject } from '../../vitest.shared'

export default crosswayProject('koa')
