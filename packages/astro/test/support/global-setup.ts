import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { astroStacks, buildFixture, WORKSPACE_ASTRO } from './fixture'

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

function isStale(pkg: string, entries: readonly string[]): boolean {
  const dist = entries.map((entry) => join(ROOT, 'packages', pkg, 'dist', entry))
  if (!dist.every((file) => existsSync(file))) return true
  const built = Math.min(...dist.map((file) => statSync(file).mtimeMs))
  return built < newest(join(ROOT, 'packages', pkg, 'src'))
}

/**
 * The Astro apps under test import the *built* packages, as users get them. When `dist/` is
 * missing or older than `src/` (a local run without `pnpm build`), build it once here, before any
 * test file starts, so two files never build it at the same time; then build the fixture apps.
 */
export default function setup(): void {
  buildPackages()
  // Both variants of the fixture app, once, before test files (which run in parallel) start:
  // with the workspace's Astro, and with Astro 6 and 7 where this Node can build them.
  const installs = [WORKSPACE_ASTRO(), ...astroStacks().flatMap((s) => (s.unavailable ? [] : [s.install]))]
  for (const install of installs) {
    buildFixture(install, { checkOrigin: true })
    buildFixture(install, { checkOrigin: false })
  }
}

function buildPackages(): void {
  if (!isStale('core', ['index.js', 'node.js', 'web.js']) && !isStale('astro', ['index.js', 'index.cjs']))
    return
  // The root's pinned pnpm (a devDependency), run by this Node: no global pnpm needed.
  const pnpm = join(ROOT, 'node_modules/pnpm/bin/pnpm.cjs')
  // `@crossway/astro...` is this package and the workspace packages it depends on, in order.
  execFileSync(process.execPath, [pnpm, '--filter', '@crossway/astro...', 'run', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 180_000,
  })
}
