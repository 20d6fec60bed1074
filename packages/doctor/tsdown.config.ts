import { defineConfig } from 'tsdown'
import shared from '../../tsdown.shared.ts'

// Unlike the middleware packages, the doctor is a Node tool (sockets, DNS, the file system), so
// it builds for the node platform, keeping the shared `.js`/`.cjs` names. `cli` is the
// `crossway` bin, needed only as ESM.
export default defineConfig([
  { ...shared, platform: 'node', fixedExtension: false },
  {
    ...shared,
    entry: ['src/cli.ts'],
    format: ['esm'],
    dts: false,
    platform: 'node',
    fixedExtension: false,
    clean: false,
  },
])
