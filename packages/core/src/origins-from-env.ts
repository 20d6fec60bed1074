import { CorsConfigError, type CorsConfigIssue } from './errors'

/** Options of {@link originsFromEnv}. */
export interface OriginsFromEnvOptions {
  /**
   * The variable's name, used in error messages (`ALLOWED_ORIGINS is unset`).
   * @default 'the environment variable'
   */
  readonly name?: string
}

/**
 * Reads a list of origins from an environment variable's value: splits it on commas, trims
 * each entry and drops empty ones, so `"https://a.com, https://b.com,"` gives
 * `['https://a.com', 'https://b.com']`. Throws a `CorsConfigError` (code `invalid-origin`)
 * that says what to write when the variable is unset or empty — never a silent `'*'` — or
 * holds a JSON array, quotes, `*`, an entry with a trailing slash or path, or a bare host
 * with no scheme. Everything else is checked by `createCors`, as for any origin list
 * (`semantics.md` §2, §9).
 *
 * @example
 * import { originsFromEnv } from '@crossway/core'
 *
 * // ALLOWED_ORIGINS=https://app.example.com,https://admin.example.com
 * const origin = originsFromEnv(process.env.ALLOWED_ORIGINS, { name: 'ALLOWED_ORIGINS' })
 * app.use(cors({ origin, credentials: true }))
 */
export function originsFromEnv(value: string | undefined, options: OriginsFromEnvOptions = {}): string[] {
  const name = options.name ?? 'the environment variable'
  const example = '"https://app.example.com,https://admin.example.com"'
  const fail = (message: string, path = name): never => {
    const issue: CorsConfigIssue = { code: 'invalid-origin', path, message: `crossway: ${message}` }
    throw new CorsConfigError([issue])
  }

  if (value === undefined || value === null) {
    // An unset variable must not widen the policy to `'*'` (the option's default).
    return fail(
      `${name} is not set; set it to a comma-separated list of origins such as ${example} (an unset list never means '*': write origin: '*' in code if every site may read)`,
    )
  }
  if (typeof value !== 'string') {
    return fail(`${name} must be a string (the value of an environment variable), got ${typeof value}`)
  }
  const whole = value.trim()
  if (whole.startsWith('[')) {
    return fail(
      `${name} holds a JSON array (${whole}); write the origins comma-separated instead: ${example}`,
    )
  }
  const entries = whole
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  if (entries.length === 0) {
    return fail(
      `${name} is empty; set it to a comma-separated list of origins such as ${example} (an empty list never means '*': write origin: '*' in code if every site may read)`,
    )
  }

  const issues: CorsConfigIssue[] = []
  entries.forEach((entry, index) => {
    const path = `${name}[${index}]`
    const problem = describeEntry(entry)
    if (problem) issues.push({ code: 'invalid-origin', path, message: `crossway: ${path}: ${problem}` })
  })
  if (issues.length > 0) throw new CorsConfigError(issues)
  return entries
}

function describeEntry(entry: string): string | undefined {
  const unquoted = entry.replace(/^["']+|["']+$/g, '')
  if (unquoted !== entry) {
    return `${JSON.stringify(entry)} has quotes around it; write ${unquoted} without quotes (quotes in a .env file belong around the whole value, if anywhere)`
  }
  if (entry === '*') {
    return "'*' cannot be one origin among others; if every site may read, write origin: '*' in code instead of reading a list"
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(entry)
  if (!scheme && entry !== 'null') {
    return `${JSON.stringify(entry)} has no scheme; write "https://${entry.replace(/\/+$/, '')}" (or "http://…" for a local server)`
  }
  const rest = scheme ? entry.slice(scheme[0].length) : ''
  const slash = rest.indexOf('/')
  if (slash !== -1) {
    const bare = `${scheme?.[0]}${rest.slice(0, slash)}`
    const what = slash === rest.length - 1 ? 'a trailing slash' : 'a path'
    return `${JSON.stringify(entry)} has ${what}, but an origin is only scheme, host and port; write "${bare}"`
  }
  return undefined
}
