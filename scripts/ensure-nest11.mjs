// `pnpm test` runs the Nest 11 test too: Nest 11 is installed beside the workspace (which holds
// Nest 12) on the first run, and this is a file check afterwards. When the install fails
// (offline, say), the tests still run; the Nest 11 test then says SKIPPED and why.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const fixture = fileURLToPath(new URL('../packages/nestjs/test/nest11/', import.meta.url))
if (!existsSync(`${fixture}node_modules/@nestjs/core/package.json`)) {
  console.log(
    'installing Nest 11 for its test (once): pnpm install --ignore-workspace in packages/nestjs/test/nest11',
  )
  const run = spawnSync('pnpm', ['install', '--ignore-workspace', '--frozen-lockfile', '--reporter=silent'], {
    cwd: fixture,
    stdio: 'inherit',
  })
  if (run.status !== 0) {
    console.warn(
      '\nWARNING: Nest 11 could not be installed, so its test will be SKIPPED. Retry with:\n' +
        '  cd packages/nestjs/test/nest11 && npx -y pnpm@10 install --ignore-workspace\n',
    )
  }
}
