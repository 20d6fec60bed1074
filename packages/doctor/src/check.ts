// `crossway check <module>[#export]`: loads a policy module and validates it with the core,
// the same way `createCors` will at start-up, so a bad policy fails a build (a `prebuild`
// script) instead of the first deploy. TypeScript is loaded only through the user's own
// loader (`NODE_OPTIONS="--import tsx"`, or a Node that strips types): the doctor ships none.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CorsConfigError, createCors, isCorsPolicy, validateOptions } from '@crossway/core'
import { MAX_AGE_CAPS } from './fetch-rules'

/** The export names tried, in order, when the module path has no `#name`. */
export const POLICY_EXPORTS = ['default', 'cors', 'policy'] as const

export interface CheckResult {
  ok: boolean
  /** What to print: "ok: …", the CorsConfigError text, or why the module could not be loaded. */
  message: string
  /** Non-fatal remarks about a valid policy. */
  warnings: string[]
  /** 0 valid, 1 invalid policy, 2 could not load. */
  exitCode: 0 | 1 | 2
}

function isTypeScript(file: string): boolean {
  return /\.(c|m)?tsx?$/.test(file)
}

/**
 * Validates the policy exported by `spec` (`path/to/module.js#exportName`). The export is the
 * named one, or else the first of `default`, `cors`, `policy` that exists; a function is
 * called (it may be async) and its result is the policy.
 *
 * @example
 * const { exitCode, message } = await checkPolicy('./cors.config.js#apiPolicy')
 */
export async function checkPolicy(spec: string, cwd = process.cwd()): Promise<CheckResult> {
  const hash = spec.lastIndexOf('#')
  const path = hash > 0 ? spec.slice(0, hash) : spec
  const wanted = hash > 0 ? spec.slice(hash + 1) : undefined
  const file = resolve(cwd, path)
  const fail = (message: string): CheckResult => ({ ok: false, message, warnings: [], exitCode: 2 })
  if (!existsSync(file)) return fail(`crossway check: ${path} does not exist (looked at ${file})`)

  let mod: Record<string, unknown>
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  } catch (error) {
    const text = (error as Error).message
    if (
      isTypeScript(file) &&
      /Unknown file extension|ERR_UNKNOWN_FILE_EXTENSION|Cannot use import|strip/i.test(
        `${text} ${(error as { code?: string }).code}`,
      )
    ) {
      return fail(
        `crossway check: ${path} is TypeScript and this Node cannot load it by itself. Use your own loader: NODE_OPTIONS="--import tsx" crossway check ${spec} (or a Node version that strips types).\n  (${text})`,
      )
    }
    return fail(`crossway check: could not load ${path}: ${text}`)
  }

  const name = wanted ?? POLICY_EXPORTS.find((n) => mod[n] !== undefined)
  if (name === undefined || mod[name] === undefined) {
    const available = Object.keys(mod).filter((k) => k !== '__esModule')
    return fail(
      `crossway check: ${path} has no ${wanted ? `export named ${JSON.stringify(wanted)}` : `policy export (looked for ${POLICY_EXPORTS.join(', ')})`}; its exports: ${available.join(', ') || '(none)'}. Pick one with ${path}#name.`,
    )
  }
  let policy: unknown = mod[name]
  try {
    if (typeof policy === 'function') policy = await (policy as () => unknown)()
  } catch (error) {
    return fail(`crossway check: ${path}#${name} is a function and it threw: ${(error as Error).message}`)
  }

  // A policy built by createCors/createLiveCors was validated when the module built it (a bad
  // one would have thrown on import).
  if (isCorsPolicy(policy)) {
    return { ok: true, message: `ok: ${path}#${name} is a built Crossway policy`, warnings: [], exitCode: 0 }
  }
  const issues = validateOptions(policy)
  if (issues.length > 0) {
    return { ok: false, message: new CorsConfigError(issues).message, warnings: [], exitCode: 1 }
  }
  try {
    createCors(policy as Parameters<typeof createCors>[0])
  } catch (error) {
    return { ok: false, message: (error as Error).message, warnings: [], exitCode: 1 }
  }
  const warnings: string[] = []
  const maxAge = (policy as { maxAge?: unknown }).maxAge
  if (typeof maxAge === 'number' && maxAge > MAX_AGE_CAPS.webkit) {
    warnings.push(
      `maxAge: ${maxAge} is above ${maxAge > MAX_AGE_CAPS.chromium ? `Chromium's cap (${MAX_AGE_CAPS.chromium} s) and ` : ''}WebKit's cap (${MAX_AGE_CAPS.webkit} s); those browsers cache the preflight for less.`,
    )
  }
  // The core's other start-up warnings (docs/warnings.md); maxAge keeps the wording above.
  for (const warning of validateOptions(policy, { warnings: true })) {
    if (warning.severity === 'warning' && warning.code !== 'max-age-capped')
      warnings.push(warning.message.replace(/^crossway: /, ''))
  }
  return { ok: true, message: `ok: ${path}#${name} is a valid Crossway policy`, warnings, exitCode: 0 }
}
