import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const fixtureDir = fileURLToPath(new URL('./nest11/', import.meta.url))
const required = [
  fileURLToPath(new URL('../dist/index.cjs', import.meta.url)),
  fileURLToPath(new URL('../../core/dist/index.cjs', import.meta.url)),
  fileURLToPath(new URL('./nest11/node_modules/@nestjs/core/package.json', import.meta.url)),
]
const missing = required.filter((file) => !existsSync(file))
const title =
  missing.length === 0
    ? 'Nest 11 (CommonJS app, built package)'
    : `Nest 11: SKIPPED, ${missing.join(' and ')} missing ` +
      '(run `pnpm build`, then `pnpm install --ignore-workspace` in test/nest11)'

// The app runs in a plain Node process whose Nest imports resolve to test/nest11's Nest 11.
function runApp(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', './resolve-nest11.cjs', './app.cjs'],
      { cwd: fixtureDir, timeout: 30_000 },
      (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(JSON.parse(out))),
    )
  })
}

describe.skipIf(missing.length > 0)(title, () => {
  it('serves per-route policies, preflights, errors and 404s on Express and Fastify', async () => {
    const A = 'https://a.example'
    const D = 'https://default.example'
    const expected = (platform: string) => ({
      platform,
      classPolicy: { status: 204, acao: A, acam: 'GET,PUT' },
      methodPolicy: { status: 200, acao: '*', acam: null },
      optedOut: { status: 200, acao: null, acam: null },
      thrown: { status: 500, acao: A, acam: null },
      missing: { status: 404, acao: D, acam: null },
    })
    expect(await runApp()).toEqual({
      nestMajor: '11',
      apps: [expected('express'), expected('fastify')],
      badPolicy: 'invalid-option-type: true',
    })
  })
})
