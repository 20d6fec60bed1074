// The conformance table through a Hono app with cors(), on whatever runtime evaluates this
// bundle (Bun, Deno, an edge sandbox): `app.request()` in-process, vitest-free, with the
// neutral pieces of the suite taken by file (its entry also exports the vitest runner and a
// `node:net` client). Prints one line per skip or failure and a closing tally.
import type { CorsOptions, CorsRejection } from '@crossway/core'
import { Hono } from 'hono'
import type { ConformanceCase } from '../../../conformance/src/case'
import { configErrorCases, conformanceCases } from '../../../conformance/src/cases/index'
import {
  checkCase,
  checkConfigError,
  groupByPolicy,
  recordingRejections,
} from '../../../conformance/src/check'
import { type RouteSpec, standardRoutes } from '../../../conformance/src/harness'
import { fromWebResponse, toWebRequest } from '../../../conformance/src/web-app'
import { cors } from '../../src/index'

export interface HonoRuntimeResult {
  readonly runtime: string
  readonly passed: number
  readonly failed: number
  readonly skipped: number
  readonly lines: readonly string[]
}

declare global {
  var crosswayHonoConformance: Promise<HonoRuntimeResult> | undefined
}

interface RuntimeGlobals {
  readonly Deno?: { readonly version: { readonly deno: string }; exitCode: number }
  readonly Bun?: { readonly version: string }
  readonly EdgeRuntime?: string
  readonly process?: { readonly versions?: { readonly node?: string }; exitCode?: number }
}
const host = globalThis as unknown as RuntimeGlobals

// Deno and Bun first: both also have a Node-like `process`.
function runtimeName(): string {
  if (host.Deno) return `deno ${host.Deno.version.deno}`
  if (host.Bun) return `bun ${host.Bun.version}`
  if (typeof host.EdgeRuntime === 'string') return host.EdgeRuntime
  return host.process?.versions?.node ? `node v${host.process.versions.node}` : 'unknown runtime'
}

function createApp(policy: CorsOptions<any>, routes: readonly RouteSpec[]): Hono {
  const app = new Hono()
  app.use(cors(policy))
  for (const route of routes) {
    app.on(route.method, route.path, (c) => {
      c.header('x-handler', route.id)
      if (route.throws) throw new Error('boom')
      return c.body(route.body ?? '', (route.status ?? 200) as 200, route.headers)
    })
  }
  // The default onError would log each expected error; the answer is the same 500.
  app.onError((_error, c) => c.text('Internal Server Error', 500))
  return app
}

async function run(print: (line: string) => void): Promise<Omit<HonoRuntimeResult, 'runtime' | 'lines'>> {
  let passed = 0
  let failed = 0
  let skipped = 0
  const fail = (c: { id: string; spec: string }, differences: readonly string[]) => {
    failed++
    print(`FAIL ${c.id} (${c.spec})`)
    for (const line of differences) print(`  ${line}`)
  }
  for (const [source, cases] of groupByPolicy(conformanceCases)) {
    const rejections: CorsRejection[] = []
    let app: Hono | undefined
    for (const c of cases as ConformanceCase[]) {
      if (c.request.transport === 'raw') {
        skipped++
        print(`skip ${c.id}: needs raw socket bytes; this harness answers in-process`)
        continue
      }
      try {
        app ??= createApp(recordingRejections(source, rejections), standardRoutes)
        rejections.length = 0
        const response = await app.request(toWebRequest(c.request))
        const { differences } = checkCase(c.expect, await fromWebResponse(response), rejections)
        if (differences.length === 0) passed++
        else fail(c, differences)
      } catch (error) {
        fail(c, [`threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`])
      }
    }
  }
  for (const c of configErrorCases) {
    let thrown: unknown
    try {
      cors(c.policy as CorsOptions<any>)
    } catch (error) {
      thrown = error
    }
    const { differences } = checkConfigError(c, thrown)
    if (differences.length === 0) passed++
    else fail(c, differences)
  }
  return { passed, failed, skipped }
}

const lines: string[] = []
const print = (line: string) => {
  lines.push(line)
  console.log(line)
}

globalThis.crosswayHonoConformance = run(print).then((tally) => {
  const runtime = runtimeName()
  print(`${runtime}: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`)
  // Nothing passed proves nothing: the table did not load.
  if (tally.failed > 0 || tally.passed === 0) {
    if (host.Deno) host.Deno.exitCode = 1
    else if (host.process) host.process.exitCode = 1
  }
  return { ...tally, runtime, lines }
})
