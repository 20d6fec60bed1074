import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** What `checkReadmeRequire` found: the README's line, and what `require()` gave when it ran. */
export interface ReadmeRequireResult {
  /** The `const { … } = require('<package>')` line of the README's compatibility table. */
  readonly example: string | undefined
  /** The names the line destructures. */
  readonly names: readonly string[]
  /** `typeof require('<package>')`. */
  readonly moduleType: string
  /** The module's exports that are functions. */
  readonly functions: readonly string[]
}

/**
 * Runs the CommonJS example of a package's README (the `modules` row of its compatibility
 * table) as written, in a plain Node process in `packageDir`, through the package's own name
 * (its exports map, as an app's `require()` resolves it). One helper for every adapter's
 * `test/cjs.test.ts`, so the README and the build cannot disagree.
 */
export async function checkReadmeRequire(
  packageDir: string,
  packageName: string,
): Promise<ReadmeRequireResult> {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8')
  const quoted = packageName.replace(/[/@.]/g, '\\$&')
  const example = new RegExp(
    `^\\| modules +\\| ESM and CommonJS \\(\`(const \\{[^}]+\\} = require\\('${quoted}'\\))\`\\)`,
    'm',
  ).exec(readme)?.[1]
  if (example === undefined) return { example, names: [], moduleType: 'none', functions: [] }
  const names = /const \{ ([^}]+) \} =/
    .exec(example)![1]!
    .split(',')
    .map((name) => name.trim())
  const script = `${example}
const mod = require('${packageName}')
process.stdout.write(JSON.stringify({ moduleType: typeof mod, functions: Object.keys(mod).filter((k) => typeof mod[k] === 'function').sort() }))`
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { cwd: packageDir, timeout: 15_000 }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
    )
  })
  const { moduleType, functions } = JSON.parse(stdout) as { moduleType: string; functions: string[] }
  return { example, names, moduleType, functions }
}
