import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Harness } from '@crossway/conformance'
import type { CorsOptions, CorsRejection } from '@crossway/core'
import { isThenable } from '@crossway/core/web'
import { cors } from '../../src/index'
import { type BuiltApp, startApp } from './kit-app'
import { startRelay } from './relay'

/**
 * The policy as JSON for the fixture's hooks: RegExps as `{ $regexp, flags }`, `origin`
 * functions as `{ $fn: name }` (the fixture looks the suite's function up by that name).
 * `onReject` stays here: the server records rejections in a file that the test replays.
 */
export function policyJson(policy: CorsOptions<any>): string {
  const { onReject: _replayedHere, ...rest } = policy
  return JSON.stringify(rest, (key, value) => {
    if (value instanceof RegExp) return { $regexp: value.source, flags: value.flags }
    if (typeof value === 'function') {
      if (key === 'origin' && value.name) return { $fn: value.name }
      throw new Error(`a function in ${key} cannot be passed to node build`)
    }
    return value
  })
}

/**
 * What the policy's own `onReject` does besides the runner's recording: the runner wraps a
 * case's logger (which may throw, or return a rejected promise, to prove it cannot break a
 * response), so it is called once with a probe and the server's logger is told to do the same.
 * The probe lands in the runner's record, which it clears before every case.
 */
function loggerBehaviour(policy: CorsOptions<any>): 'throws' | 'rejects' | 'returns' {
  const probe: CorsRejection = {
    kind: 'actual',
    reason: 'origin',
    origin: 'https://probe.invalid',
    method: 'GET',
    message: 'probe',
  }
  try {
    const result = policy.onReject?.(probe)
    if (!isThenable(result)) return 'returns'
    Promise.resolve(result).catch(() => {})
    return 'rejects'
  } catch {
    return 'throws'
  }
}

/** Reads the rejections the server appended since the last call. */
function rejectionReader(file: string): () => CorsRejection[] {
  let offset = 0
  return () => {
    if (!existsSync(file)) return []
    const text = readFileSync(file, 'utf8')
    const fresh = text.slice(offset)
    offset = text.length
    return fresh
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as CorsRejection)
  }
}

/**
 * The conformance harness over a real SvelteKit app: the fixture (standard routes as
 * `+server.js` endpoints, `handle = cors(policy)` in hooks.server.ts) built once with
 * adapter-node, then `node build` per policy, reached through a relay that replays `onReject`.
 */
export function kitHarness(
  name: string,
  app: () => BuiltApp,
  skip: Readonly<Record<string, string>>,
): Harness {
  return {
    name,
    skip,
    async start(policy) {
      // What hooks.server.ts does when the server starts: a bad policy throws CorsConfigError.
      cors(policy)
      const dir = mkdtempSync(join(tmpdir(), 'crossway-sveltekit-'))
      const file = join(dir, 'rejections.ndjson')
      const behaviour = loggerBehaviour(policy)
      const server = await startApp(app(), {
        CROSSWAY_TEST_POLICY: policyJson(policy),
        CROSSWAY_TEST_ON_REJECT: behaviour,
        CROSSWAY_TEST_REJECTIONS: file,
      })
      const read = rejectionReader(file)
      const replay = () => {
        for (const rejection of read()) {
          // The runner's recorder runs first; the case's own logger may then throw or reject.
          try {
            const result = policy.onReject?.(rejection)
            if (isThenable(result)) Promise.resolve(result).catch(() => {})
          } catch {}
        }
      }
      const relay = await startRelay(server.port, replay).catch(async (error) => {
        await server.close()
        throw error
      })
      return {
        url: relay.url,
        async close() {
          await relay.close()
          await server.close()
          rmSync(dir, { recursive: true, force: true })
        },
      }
    },
  }
}
