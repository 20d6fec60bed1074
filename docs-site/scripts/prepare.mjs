// Generates what the site shows but the repository keeps elsewhere, before VitePress runs:
// the API reference from the packages' TSDoc (typedoc, into docs/reference/) and the latest
// benchmark table from bench/README.md (into docs/generated/), so neither can drift from its
// source. Both folders are git-ignored. Fails loudly when a source moved.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const REPO = 'https://github.com/crossway-dev/crossway/blob/main/'
const root = fileURLToPath(new URL('../../', import.meta.url))
const site = fileURLToPath(new URL('../', import.meta.url))

const bench = readFileSync(`${root}bench/README.md`, 'utf8')
const section = /^## Latest results\n([\s\S]*?)(?=^## )/m.exec(bench)?.[1]
if (!section)
  throw new Error('bench/README.md has no "## Latest results" section followed by another "## " heading')
// Relative links in bench/README.md point into bench/: on the site they go to the repository.
const linked = section.replace(/\]\((?![a-z]+:|#)([^)]+)\)/gi, (_, href) => `](${REPO}bench/${href})`)
mkdirSync(`${root}docs/generated`, { recursive: true })
writeFileSync(
  `${root}docs/generated/benchmarks.md`,
  `<!-- generated from bench/README.md by docs-site/scripts/prepare.mjs; edit that file -->\n${linked}`,
)

execFileSync(process.execPath, [`${site}node_modules/typedoc/bin/typedoc`], {
  cwd: site,
  stdio: 'inherit',
})
