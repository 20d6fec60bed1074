import type { CorsOptions, CorsRejection } from '@crossway/core'
import { isCorsConfigError } from '@crossway/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConfigErrorCase, ConformanceCase, PolicySource } from './case'
import { configErrorCases, conformanceCases } from './cases/index'
import { groupByPolicy, recordingRejections } from './check'
import { actualView, expectedView } from './compare'
import type { Harness, RunningApp } from './harness'
import { standardRoutes } from './harness'
import { sendHttp, sendRawHttp } from './http-client'

/** Narrows the suite, e.g. to one area while an adapter is being written. */
export interface RunConformanceOptions {
  readonly filter?: (c: ConformanceCase | ConfigErrorCase) => boolean
}

/**
 * Registers the whole conformance table as vitest tests for one harness: one server per
 * distinct policy (started before its cases, closed after), one test per case, skipped cases
 * listed with their reason. Call it at the top level of a test file.
 *
 * @example
 * runConformance({ name: 'express 5', start: (policy, routes) => startExpress(policy, routes) })
 */
export function runConformance(harness: Harness, options: RunConformanceOptions = {}): void {
  const keep = options.filter ?? (() => true)
  describe(`conformance: ${harness.name}`, () => {
    for (const [policy, cases] of groupByPolicy(conformanceCases.filter(keep))) {
      describePolicyGroup(harness, policy, cases)
    }
    describe('config errors (semantics.md §3)', () => {
      for (const c of configErrorCases.filter(keep)) describeConfigError(harness, c)
    })
  })
}

function skipReason(harness: Harness, c: ConformanceCase): string | undefined {
  const listed = harness.skip?.[c.id]
  if (listed !== undefined) return listed
  if (c.request.transport === 'raw' && harness.inProcess) {
    return 'needs raw socket bytes; this harness answers in-process'
  }
  return undefined
}

function describePolicyGroup(
  harness: Harness,
  policy: PolicySource,
  cases: readonly ConformanceCase[],
): void {
  describe(`policy ${describePolicy(policy)}`, () => {
    const rejections: CorsRejection[] = []
    let app: RunningApp | undefined
    // A group whose cases are all skipped starts no server at all.
    if (cases.some((c) => skipReason(harness, c) === undefined)) {
      beforeAll(async () => {
        app = await harness.start(recordingRejections(policy, rejections), standardRoutes)
      })
      afterAll(async () => {
        await app?.close()
      })
    }
    for (const c of cases) {
      const reason = skipReason(harness, c)
      if (reason !== undefined) {
        it.skip(`${c.id} — skipped: ${reason}`, () => {})
        continue
      }
      it(`${c.id} (${c.spec})`, async () => {
        if (!app) throw new Error(`${harness.name}: the server for this policy did not start`)
        rejections.length = 0
        const response = await send(app, c)
        expect(actualView(c.expect, response, rejections)).toEqual(expectedView(c.expect))
      })
    }
  })
}

function send(app: RunningApp, c: ConformanceCase) {
  if (app.url !== undefined) {
    return c.request.transport === 'raw' ? sendRawHttp(app.url, c.request) : sendHttp(app.url, c.request)
  }
  if (c.request.transport === 'raw') {
    throw new Error('raw cases need RunningApp.url; mark in-process harnesses with `inProcess: true`')
  }
  if (!app.send) throw new Error('RunningApp has neither url nor send')
  return app.send(c.request)
}

function describeConfigError(harness: Harness, c: ConfigErrorCase): void {
  const reason = harness.skip?.[c.id]
  if (reason !== undefined) {
    it.skip(`${c.id} — skipped: ${reason}`, () => {})
    return
  }
  it(`${c.id} (${c.spec}) → ${c.code}`, async () => {
    let started: RunningApp | undefined
    let error: unknown
    try {
      started = await harness.start(c.policy as CorsOptions<any>, standardRoutes)
    } catch (e) {
      error = e
    }
    await started?.close()
    expect(started, 'start() must refuse this policy').toBeUndefined()
    expect(isCorsConfigError(error), `expected a CorsConfigError, got ${String(error)}`).toBe(true)
    expect((error as { code: string }).code).toBe(c.code)
  })
}

/** A short, stable label for a policy: functions and RegExps by their source. */
export function describePolicy(policy: PolicySource): string {
  const options = typeof policy === 'function' ? policy() : policy
  const parts = Object.entries(options).map(([key, value]) => `${key}: ${describeValue(value)}`)
  return parts.length === 0 ? '{} (defaults)' : `{ ${parts.join(', ')} }`
}

function describeValue(value: unknown): string {
  if (typeof value === 'function') return value.name ? `fn ${value.name}` : 'fn'
  if (value instanceof RegExp) return String(value)
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`
  return JSON.stringify(value)
}
