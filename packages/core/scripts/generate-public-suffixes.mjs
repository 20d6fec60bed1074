// Regenerates src/public-suffix-data.ts after a `tldts` devDependency update.
import { writeFileSync } from 'node:fs'
import { renderSnapshot } from './public-suffix-snapshot.mjs'

const target = new URL('../src/public-suffix-data.ts', import.meta.url)
writeFileSync(target, renderSnapshot())
console.log(`wrote ${target.pathname}`)
