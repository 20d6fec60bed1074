import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { buildApp, kitStacks, ROOT } from './kit-app'

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
 * The apps are built from the *built* packages, as users get them. Before any test file starts
 * (so two never build at once): `dist/` when missing or older than `src/`, then the fixture app
 * for every Kit major this Node can build, with each CSRF setting. Unchanged apps are reused.
 */
export default function setup(): void {
  if (isStale('core') || isStale('sveltekit')) {
    // `@crossway/sveltekit...` is this package and the workspace packages it depends on, in order.
    execFileSync('pnpm', ['--filter', '@crossway/sveltekit...', 'run', 'build'], {
      cwd: ROOT,
      stdio: 'inherit',
      timeout: 180_000,
    })
  }
  for (const kit of kitStacks) {
    if (kit.unavailable !== undefined) continue
    buildApp(kit, 'policy')
    buildApp(kit, 'kit')
  }
}
