import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// vitest type-checks with one tsconfig, where `h3` is h3 2. An h3 1 app (Nitro 2, Nuxt) resolves
// `h3` to h3 1, and so do @crossway/h3's types there: fixtures/types-v1 maps `h3` to h3 1 and
// compiles what such an app writes, including a @ts-expect-error that holds only if the origin
// function's event is h3 1's H3Event (not `any`).
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const project = fileURLToPath(new URL('./fixtures/types-v1/tsconfig.json', import.meta.url))

it('type-checks an h3 1 app: app.use(cors()), a Nitro middleware file, the H3Event of h3 1', async () => {
  const output = await new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      [tsc, '-p', project, '--pretty', 'false'],
      { timeout: 60_000 },
      (err, out, errOut) => resolve(err ? `${out}${errOut}` || err.message : 'ok'),
    )
  })
  expect(output).toBe('ok')
}, 60_000)
