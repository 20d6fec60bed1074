import { crosswayProject } from '../../vitest.shared.ts'

const project = crosswayProject('nestjs')
// Vitest passes `ssr.resolve.conditions` to Node as `--conditions`: the shared list's `import`
// makes CommonJS `require()` pick ESM builds, and Express 5's router then receives is-promise's
// module namespace instead of a function (every request fails with a 500). Node gets only what
// it should see. (Same workaround as packages/express; belongs in vitest.shared.ts.)
project.ssr!.resolve!.conditions = ['@crossway/source', 'node', 'development|production']

export default project
