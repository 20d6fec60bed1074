import { defineConfig } from 'tsdown'
import shared from '../../tsdown.shared.ts'

// Three entry points: the core, `@crossway/core/node` (the glue the Node adapters share) and
// `@crossway/core/web` (the glue the Web-standard adapters share).
export default defineConfig({ ...shared, entry: ['src/index.ts', 'src/node.ts', 'src/web.ts'] })
