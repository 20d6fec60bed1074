// The published types against SvelteKit 3's: a project whose `@sveltejs/kit` is Kit 3, with this
// package's built declarations installed beside it, type-checks what users write. Only the
// types: this runs on any Node (Kit 3 itself needs 22.17 to build, see kit-app.ts).
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { kitStacks, PACKAGE_DIR, ROOT } from './support/kit-app'

const kit3 = kitStacks.find((kit) => kit.major === 3)!
const declarations = ['index.d.ts', 'index.d.cts'].map((name) => join(PACKAGE_DIR, 'dist', name))
const missing = declarations.filter((file) => !existsSync(file))

const user = `
import { cors, corsByRoute, type SvelteKitCorsOptions } from '@crossway/sveltekit'
import type { RequestEvent } from '@sveltejs/kit'
// Kit 3 moved the Handle type here (Kit 2 exports it from '@sveltejs/kit').
import { type Handle, sequence } from '@sveltejs/kit/hooks'

const authHandle: Handle = ({ event, resolve }) => resolve(event)
export const handle: Handle = sequence(cors({ origin: ['https://app.example.com'], credentials: true }), authHandle)
export const tenants: Handle = cors({
  origin: (origin: string, event: RequestEvent) => event.route.id !== null && origin.endsWith('.example.com'),
})
const api: SvelteKitCorsOptions = { origin: ['https://app.example.com'], credentials: true, csrf: true }
export const routed: Handle = corsByRoute({ '/api': api, '/api/public': { origin: '*' }, '/api/internal': false }, { notFound: api })
// @ts-expect-error -- refused: reflects every origin
cors({ origin: true })
// Ours resolve against Kit 3: neither the hook nor its event has become \`any\`.
type IsAny<T> = 0 extends 1 & T ? true : false
const built = cors({ origin: '*' })
export const resolved: [IsAny<typeof built>, IsAny<Parameters<typeof built>[0]['event']>] = [false, false]
`

const tsconfig = {
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    types: [],
    noEmit: true,
    // Kit 3's declarations are written for TypeScript 6, and checking every library costs 20 s
    // here; what would break in ours (an import Kit 3 no longer has) shows as \`any\`, tested below.
    skipLibCheck: true,
  },
  files: ['hooks.server.ts'],
}

describe.skipIf(missing.length > 0)(
  `types with SvelteKit 3${missing.length > 0 ? ': SKIPPED, dist/*.d.ts missing (run `pnpm build` first)' : ''}`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossway-sveltekit-kit3-types-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('hooks.server.ts written against Kit 3 type-checks with the published declarations', {
      timeout: 60_000,
    }, async () => {
      const installed = join(dir, 'node_modules/@crossway/sveltekit')
      mkdirSync(join(installed, 'dist'), { recursive: true })
      cpSync(join(PACKAGE_DIR, 'package.json'), join(installed, 'package.json'))
      for (const file of declarations)
        cpSync(file, join(installed, 'dist', file.slice(file.lastIndexOf('/') + 1)))
      mkdirSync(join(dir, 'node_modules/@sveltejs'), { recursive: true })
      symlinkSync(kit3.packages['@sveltejs/kit']!, join(dir, 'node_modules/@sveltejs/kit'), 'dir')
      symlinkSync(join(ROOT, 'packages/core'), join(dir, 'node_modules/@crossway/core'), 'dir')
      writeFileSync(join(dir, 'hooks.server.ts'), user)
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig))
      const tsc = join(ROOT, 'node_modules/typescript/bin/tsc')
      const output = await new Promise<string>((resolve) => {
        execFile(
          process.execPath,
          [tsc, '-p', 'tsconfig.json', '--traceResolution'],
          { cwd: dir, timeout: 60_000, maxBuffer: 64 << 20 },
          (err, out) => resolve(`${err ? `exit ${err.code}\n` : ''}${out}`),
        )
      })
      const errors = output.split('\n').filter((line) => /error TS\d+/.test(line))
      expect(errors).toEqual([])
      expect(output).not.toMatch(/^exit /)
      // The project saw Kit 3, not the Kit 2 this package develops against.
      expect(output).toMatch(/'@sveltejs\/kit' was successfully resolved to '[^']*@sveltejs\+kit@3\./)
      expect(output).not.toMatch(/'@sveltejs\/kit' was successfully resolved to '[^']*@sveltejs\+kit@2\./)
    })
  },
)
