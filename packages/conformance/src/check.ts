import type { CorsOptions, CorsRejection } from '@crossway/core'
import { isCorsConfigError } from '@crossway/core'
import type { CaseExpectation, ConfigErrorCase, ConformanceCase, PolicySource } from './case'
import { actualView, expectedView } from './compare'
import type { ConformanceResponse } from './harness'

/*
 * The suite's verdicts without vitest, for runtimes vitest does not run on (Bun, Deno, an edge
 * sandbox). Nothing here may import `node:*` or a test framework: runtimes/ bundles this file
 * for every one of them.
 */

/** The verdict on one case: `differences` is empty exactly when the case passed. */
export interface CaseCheck {
  readonly passed: boolean
  /** One line per difference, e.g. `status: expected 204, got 200`. */
  readonly differences: readonly string[]
}

/**
 * Judges a response exactly as `runConformance` does (`toEqual` of the expected and the actual
 * view from `compare.ts`), so a runtime that passes here passes there too.
 *
 * @example
 * const { passed, differences } = checkCase(c.expect, await fromWebResponse(response), rejections)
 */
export function checkCase(
  expect: CaseExpectation,
  response: ConformanceResponse,
  rejections: readonly CorsRejection[],
): CaseCheck {
  const differences: string[] = []
  diff('', expectedView(expect), actualView(expect, response, rejections), differences)
  return { passed: differences.length === 0, differences }
}

/**
 * Judges what building a policy did against a config-error case: it must have thrown a
 * `CorsConfigError` (by brand, so a second copy of the core still counts) with the case's code.
 */
export function checkConfigError(c: ConfigErrorCase, thrown: unknown): CaseCheck {
  const differences: string[] = []
  if (thrown === undefined) differences.push('the policy was accepted; expected a CorsConfigError')
  else if (!isCorsConfigError(thrown)) differences.push(`expected a CorsConfigError, got ${String(thrown)}`)
  else if (thrown.code !== c.code) differences.push(`code: expected ${c.code}, got ${thrown.code}`)
  return { passed: differences.length === 0, differences }
}

/**
 * Groups cases by policy identity, in table order: one app per group, as `runConformance`
 * starts one server per group, so policies holding state see the same sequence of requests.
 */
export function groupByPolicy(cases: readonly ConformanceCase[]): Map<PolicySource, ConformanceCase[]> {
  const groups = new Map<PolicySource, ConformanceCase[]>()
  for (const c of cases) {
    const group = groups.get(c.policy)
    if (group) group.push(c)
    else groups.set(c.policy, [c])
  }
  return groups
}

/**
 * A fresh policy whose `onReject` calls are pushed to `calls`, as `runConformance` records
 * them. The case's own `onReject` still runs, and what it throws still reaches the core.
 */
export function recordingRejections(source: PolicySource, calls: CorsRejection[]): CorsOptions<any> {
  const policy = typeof source === 'function' ? source() : { ...source }
  const own = policy.onReject
  return {
    ...policy,
    onReject: (rejection: CorsRejection) => {
      calls.push(rejection)
      return own?.(rejection)
    },
  }
}

/**
 * Structural equality with `toEqual`'s rules for the plain data a view holds: a key whose value
 * is `undefined` counts as missing, arrays match element by element.
 */
function diff(path: string, expected: unknown, actual: unknown, out: string[]): void {
  if (Object.is(expected, actual)) return
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === actual.length) {
      for (let i = 0; i < expected.length; i++) diff(`${path}[${i}]`, expected[i], actual[i], out)
      return
    }
  } else if (isRecord(expected) && isRecord(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)])
    for (const key of [...keys].sort()) {
      diff(path === '' ? key : `${path}.${key}`, expected[key], actual[key], out)
    }
    return
  }
  out.push(`${path || '(view)'}: expected ${show(expected)}, got ${show(actual)}`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value)
}
