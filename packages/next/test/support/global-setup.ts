import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../../../..')

/** Newest modification time under `dir` (src trees are small: a plain walk is enough). */
function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

function isStale(pkg: string): boolean {
  const dist = join(ROOT, 'packages', pkg, 'dist', 'index.js')
  return !existsSync(dist) || statSync(dist).mtimeMs < newest(join(ROOT, 'packages', pkg, 'src'))
}

/**
 * The Edge-runtime test and the example app use the *built* packages, as users get them. When
 * `dist/` is missing or older than `src/` (a local run without `pnpm build`), build it once here,
 * before any test file starts, so two files never build it at the same time.
 */
export default function setup(): void {
  if (!isStale('core') && !isStale('next')) return
  // `@crossway/next...` is this package and the workspace packages it depends on, in order.
  execFileSync('pnpm', ['--filter', '@crossway/next...', 'run', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 180_000,
  })
}
