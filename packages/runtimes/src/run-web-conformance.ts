import type { CorsOptions, CorsRejection } from '@crossway/core'
import { createCors } from '@crossway/core'
import type { ConformanceCase } from './suite'
import {
  checkCase,
  checkConfigError,
  configErrorCases,
  conformanceCases,
  createWebApp,
  fromWebResponse,
  groupByPolicy,
  recordingRejections,
  standardRoutes,
  toWebRequest,
  webPathSkips,
} from './suite'

/** What one run of the table came to. */
export interface WebConformanceTally {
  readonly passed: number
  readonly failed: number
  readonly skipped: number
}

/**
 * Why the Web path cannot run a case, or `undefined` when it can: the same skips as the
 * in-process vitest harness (`packages/conformance/test/core-web.test.ts`).
 */
export function webSkipReason(c: ConformanceCase): string | undefined {
  const listed = webPathSkips[c.id]
  if (listed !== undefined) return listed
  if (c.request.transport === 'raw') return 'needs raw socket bytes; this harness answers in-process'
  return undefined
}

/**
 * Runs the whole table through `createCors(policy).handle(request, app)` on whatever runtime
 * evaluates it, one app per policy group, printing every skip and every failure with its
 * differences.
 */
export async function runWebConformance(print: (line: string) => void): Promise<WebConformanceTally> {
  let passed = 0
  let failed = 0
  let skipped = 0
  const app = createWebApp(standardRoutes)

  for (const [source, cases] of groupByPolicy(conformanceCases)) {
    const rejections: CorsRejection[] = []
    let cors: ReturnType<typeof createCors> | undefined
    for (const c of cases) {
      const reason = webSkipReason(c)
      if (reason !== undefined) {
        skipped++
        print(`skip ${c.id}: ${reason}`)
        continue
      }
      let differences: readonly string[]
      try {
        // Built lazily, as the vitest harness starts a group's server only when a case runs.
        cors ??= createCors(recordingRejections(source, rejections))
        rejections.length = 0
        // A rejected `handle` is what a fetch runtime turns into its own 500 page.
        const response = await cors
          .handle(toWebRequest(c.request), app)
          .catch(() => new Response('Internal Server Error', { status: 500 }))
        differences = checkCase(c.expect, await fromWebResponse(response), rejections).differences
      } catch (error) {
        differences = [`threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`]
      }
      if (differences.length === 0) passed++
      else {
        failed++
        print(`FAIL ${c.id} (${c.spec})`)
        for (const line of differences) print(`  ${line}`)
      }
    }
  }

  for (const c of configErrorCases) {
    let thrown: unknown
    try {
      createCors(c.policy as CorsOptions<any>)
    } catch (error) {
      thrown = error
    }
    const { differences } = checkConfigError(c, thrown)
    if (differences.length === 0) passed++
    else {
      failed++
      print(`FAIL ${c.id} (${c.spec}) → ${c.code}`)
      for (const line of differences) print(`  ${line}`)
    }
  }

  return { passed, failed, skipped }
}
