import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ConformanceCase,
  conformanceCases,
  groupByPolicy,
  type Harness,
  type RouteSpec,
  recordingRejections,
  standardRoutes,
} from '@crossway/conformance'
import type { CorsOptions, CorsRejection } from '@crossway/core'
import { afterAll } from 'vitest'
import { cors } from '../../src/index'
import { type AstroServer, policyJson, rejectionReader, startServer } from './fixture'
import { startRelay } from './relay'

const PROBE: CorsRejection = {
  kind: 'actual',
  reason: 'origin',
  origin: 'https://probe.invalid',
  method: 'GET',
  message: 'probe',
}

/**
 * What the case's own `onReject` does, found by calling the suite's recorder once (it records
 * the probe, which the runner clears before each case, then calls the case's own logger). The
 * logger cannot cross into the server process (it is reached only through the recorder's
 * closure), so the server's `onReject` does the same: throws, or returns a rejected promise.
 */
function ownOnReject(policy: CorsOptions<any>): Promise<'throws' | 'rejects' | undefined> {
  try {
    const result = policy.onReject?.(PROBE) as unknown
    if (!(result instanceof Promise)) return Promise.resolve(undefined)
    return result.then(
      () => undefined,
      () => 'rejects' as const,
    )
  } catch {
    return Promise.resolve('throws')
  }
}

/** The server's environment for a policy (without the per-server rejections file): also the pool's key. */
async function policyEnv(policy: CorsOptions<any>): Promise<string> {
  const { onReject: _recorder, ...rest } = policy
  const own = await ownOnReject(policy)
  return JSON.stringify({ CROSSWAY_TEST_POLICY: policyJson(rest), CROSSWAY_TEST_ON_REJECT: own })
}

interface Started {
  readonly server: AstroServer
  readonly work: string
}

async function startFor(dir: string, key: string): Promise<Started> {
  const work = mkdtempSync(join(tmpdir(), 'crossway-astro-run-'))
  const env = JSON.parse(key) as Record<string, string | undefined>
  const server = await startServer(dir, {
    ...(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>),
    CROSSWAY_TEST_REJECTIONS: join(work, 'rejections.ndjson'),
  })
  return { server, work }
}

/**
 * Servers started ahead of the runner: Astro's server takes about half a second to start, the
 * suite needs one per policy, and the runner asks for them one after the other. The pool knows
 * the runner's order (the table's policy groups, the same `groupByPolicy`) and keeps the next
 * `ahead` servers starting while the current group's cases run. A server is used once; when the
 * prediction misses, `take` starts one on the spot, so the pool changes the timing, never what
 * a server serves.
 */
class ServerPool {
  private readonly ready = new Map<string, Promise<Started>[]>()
  private pending: Promise<string[]> | undefined
  private readonly all: Promise<Started>[] = []

  constructor(
    private readonly dir: () => string,
    private readonly upcoming: () => Promise<string[]>,
    private readonly ahead: number,
  ) {}

  private start(key: string): Promise<Started> {
    const started = startFor(this.dir(), key)
    started.catch(() => {})
    this.all.push(started)
    return started
  }

  async take(key: string): Promise<Started> {
    this.pending ??= this.upcoming()
    const pending = await this.pending
    const waiting = this.ready.get(key)
    let started = waiting?.shift()
    if (started === undefined) {
      const at = pending.indexOf(key)
      if (at >= 0) pending.splice(at, 1)
      started = this.start(key)
    }
    let inFlight = [...this.ready.values()].reduce((n, list) => n + list.length, 0)
    while (inFlight < this.ahead && pending.length > 0) {
      const next = pending.shift()!
      this.ready.set(next, [...(this.ready.get(next) ?? []), this.start(next)])
      inFlight++
    }
    return started
  }

  /** Stops the servers started ahead that no group took. */
  async closeUnused(): Promise<void> {
    const unused = [...this.ready.values()].flat()
    this.ready.clear()
    await Promise.all(
      unused.map((p) =>
        p.then(
          (s) => closeStarted(s),
          () => {},
        ),
      ),
    )
  }
}

async function closeStarted({ server, work }: Started): Promise<void> {
  await server.close()
  rmSync(work, { recursive: true, force: true })
}

/**
 * The conformance harness over a built fixture (`dir()`): one `node dist/server/entry.mjs` per
 * policy, the policy passed as JSON in the environment, the server's rejections replayed into
 * the suite's recorder before each response reaches the runner. `skip` and `keep` (the runner's
 * filter) tell the server pool which policy groups will start.
 */
export function astroHarness(
  name: string,
  dir: () => string,
  skip: Record<string, string> = {},
  keep: (c: ConformanceCase) => boolean = () => true,
): Harness {
  const upcoming = () =>
    Promise.all(
      [...groupByPolicy(conformanceCases.filter(keep))]
        .filter(([, cases]) => cases.some((c) => skip[c.id] === undefined))
        .map(([source]) => policyEnv(recordingRejections(source, []))),
    )
  const pool = new ServerPool(dir, upcoming, Number(process.env.CROSSWAY_ASTRO_PREWARM ?? 2))
  afterAll(() => pool.closeUnused())

  return {
    name,
    skip,
    async start(policy, routes: readonly RouteSpec[]) {
      if (routes !== standardRoutes) throw new Error('the fixture is built with the standard routes only')
      // What src/middleware.ts does when Astro loads it: a bad policy throws CorsConfigError here.
      cors(policy)
      const started = await pool.take(await policyEnv(policy))
      const readRejections = rejectionReader(join(started.work, 'rejections.ndjson'))
      const recorder = policy.onReject
      const replay = () => {
        for (const rejection of readRejections()) {
          // The recorder records, then runs the case's own logger, whose throw is not ours to see.
          try {
            const result = recorder?.(rejection as CorsRejection) as unknown
            if (result instanceof Promise) result.catch(() => {})
          } catch {}
        }
      }
      const relay = await startRelay(Number(new URL(started.server.url).port), replay).catch(
        async (error) => {
          await closeStarted(started)
          throw error
        },
      )
      return {
        url: relay.url,
        async close() {
          await relay.close()
          await closeStarted(started)
        },
      }
    },
  }
}
