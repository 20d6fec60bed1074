// The guides are the source of the code under test: each `docs/migrate/<peer>.md` holds one
// ```ts [before]``` and one ```ts [after]``` block (a VitePress code group). They are written
// to `generated/` in this package, so their imports resolve from its node_modules, and
// imported from there: a guide whose code does not run, or answers differently, fails here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const docs = fileURLToPath(new URL('../../../docs/migrate/', import.meta.url))
const snippets = fileURLToPath(new URL('../generated/', import.meta.url))

export interface Guide {
  readonly path: string
  readonly text: string
  readonly before: string
  readonly after: string
}

export function readGuide(peer: string): Guide {
  const path = `${docs}${peer}.md`
  const text = readFileSync(path, 'utf8')
  const block = (label: string) => {
    const found = [...text.matchAll(new RegExp(`^\`\`\`ts \\[${label}\\]\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))]
    if (found.length !== 1)
      throw new Error(`${path}: expected one \`\`\`ts [${label}] block, found ${found.length}`)
    return found[0]![1]!
  }
  return { path, text, before: block('before'), after: block('after') }
}

/** Writes a snippet where its imports resolve and imports it; a fresh module each call. */
export async function importSnippet(peer: string, label: string, code: string): Promise<Record<string, any>> {
  mkdirSync(snippets, { recursive: true })
  const file = `${snippets}${peer}.${label}.ts`
  writeFileSync(file, code)
  return import(/* @vite-ignore */ file)
}
