// The guides' code must compile as a user would paste it, with the peers' own types: every
// before/after block is written to generated/types/ and type-checked with this package's
// strict tsconfig.
import { execFile } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { readGuide } from './guides'
import { start } from './servers'

const dir = fileURLToPath(new URL('../generated/types/', import.meta.url))
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

it('every before and after block type-checks', { timeout: 90_000 }, async () => {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const peer of Object.keys(start)) {
    const guide = readGuide(peer)
    writeFileSync(`${dir}${peer}.before.ts`, guide.before)
    writeFileSync(`${dir}${peer}.after.ts`, guide.after)
  }
  writeFileSync(
    `${dir}tsconfig.json`,
    JSON.stringify({ extends: '../../tsconfig.json', include: ['*.ts'], compilerOptions: { noEmit: true } }),
  )
  const output = await new Promise<string>((resolve) => {
    execFile(process.execPath, [tsc, '-p', `${dir}tsconfig.json`], (_, stdout, stderr) =>
      resolve(`${stdout}${stderr}`),
    )
  })
  expect(output).toBe('')
})
