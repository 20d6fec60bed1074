// Builds a Nitro 2 app (nitropack's programmatic API, the node-server preset) into `outDir`, in
// a process of its own: node build-nitro.mjs <rootDir> <outDir> <@crossway/h3 entry> <h3 1 dir>.
// `@crossway/h3` is the package's build; `h3` is h3 1, as in any Nitro 2 app (this repository's
// own `h3` is h3 2).
import { join } from 'node:path'
import { build, copyPublicAssets, createNitro, prepare } from 'nitropack'

const [rootDir, outDir, crosswayEntry, h3v1Dir] = process.argv.slice(2)
const nitro = await createNitro({
  rootDir,
  srcDir: 'server',
  dev: false,
  preset: 'node-server',
  compatibilityDate: '2025-01-01',
  buildDir: join(outDir, '.nitro'),
  output: { dir: join(outDir, '.output') },
  alias: { '@crossway/h3': crosswayEntry, h3: h3v1Dir },
  typescript: { generateTsConfig: false },
  sourceMap: false,
  logLevel: 1,
})
await prepare(nitro)
await copyPublicAssets(nitro)
await build(nitro)
await nitro.close()
