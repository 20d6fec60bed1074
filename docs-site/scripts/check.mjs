// After `vitepress build`: VitePress includes (`<!--@include: …-->`) fail silently when the
// file is missing, so check that the pages built from other files hold their content.
import { readFileSync } from 'node:fs'

const dist = new URL('../.vitepress/dist/', import.meta.url)
const expectations = {
  'benchmarks.html': ['<table', 'Latest results'],
  'doctor.html': ['crossway doctor'],
  'reference/@crossway/core/functions/createCors.html': ['createCors'],
  'reference/@crossway/core/functions/originsFromEnv.html': ['originsFromEnv'],
  'migrate/cors.html': ['On the wire'],
  'reference/@crossway/core/web/functions/runWeb.html': ['runWeb'],
  'reference/@crossway/lambda/functions/withCors.html': ['withCors'],
  'reference/@crossway/sveltekit/functions/corsByRoute.html': ['corsByRoute'],
}
const missing = []
for (const [page, needles] of Object.entries(expectations)) {
  let html = ''
  try {
    html = readFileSync(new URL(page, dist), 'utf8')
  } catch {
    missing.push(`${page}: not built`)
    continue
  }
  for (const needle of needles) if (!html.includes(needle)) missing.push(`${page}: no "${needle}"`)
}
if (missing.length > 0) {
  console.error(`docs site: pages missing content:\n  ${missing.join('\n  ')}`)
  process.exit(1)
}
console.log(`docs site: ${Object.keys(expectations).length} pages checked`)
