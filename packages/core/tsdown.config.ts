import { defineConfig } from 'tsdown'
import shared from '../../tsdown.shared.ts'

// Two entry points: the core, and `@crossway/core/node`, the glue the Node adapters share.
export default defineConfig({ ...shared, entry: ['src/index.ts', 'src/node.ts'] })
