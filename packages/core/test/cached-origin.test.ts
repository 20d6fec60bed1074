import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type CorsDecision, cachedOrigin, createCors } from '../src/index'
import { isThenable } from '../src/node'

// Issue 17: an async origin lookup (a tenants table) behind a bounded, time-limited cache.

const TENANTS = 10_000
const TTL = 60_000
const origins = Array.from({ length: TENANTS }, (_, i) => `https://tenant${i}.example.com`)
// Every other tenant is allowed: refusals are remembered as well as grants.
const isAllowed = (origin: string) => Number(/\d+/.exec(origin)![0]) % 2 === 0

function countingLookup() {
  const calls = new Map<string, number>()
  const lookup = async (origin: string) => {
    calls.set(origin, (calls.get(origin) ?? 0) + 1)
    await new Promise<void>((resolve) => queueMicrotask(resolve))
    return isAllowed(origin)
  }
  return { calls, lookup }
}

const decideActual = (cors: ReturnType<typeof createCors>, origin: string) =>
  cors.decide('GET', origin, undefined, undefined, undefined, null)

describe('cachedOrigin', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('asks the lookup at most once per origin per TTL while 10,000 tenants hammer the policy', async () => {
    const { calls, lookup } = countingLookup()
    const origin = cachedOrigin(lookup, { ttl: TTL, maxEntries: TENANTS })
    const onReject = vi.fn()
    const cors = createCors({ origin, credentials: true, onReject })

    // Round 1: every origin three times at once, before any lookup has answered.
    const first = await Promise.all(origins.flatMap((o) => [o, o, o]).map((o) => decideActual(cors, o)))
    expect(first.filter((d) => d.allowed)).toHaveLength((TENANTS / 2) * 3)
    expect([...calls.values()].every((n) => n === 1)).toBe(true)
    expect(calls.size).toBe(TENANTS)

    // Rounds 2–5 inside the TTL: answered from the cache, synchronously (the core's sync path).
    for (let round = 0; round < 4; round++) {
      vi.advanceTimersByTime(TTL / 5)
      for (const o of origins) {
        const d = decideActual(cors, o)
        expect(isThenable(d)).toBe(false)
        expect((d as CorsDecision).allowed).toBe(isAllowed(o))
      }
    }
    expect([...calls.values()].every((n) => n === 1)).toBe(true)

    // Past the TTL: asked again, once each.
    vi.advanceTimersByTime(TTL)
    await Promise.all(origins.flatMap((o) => [o, o]).map((o) => decideActual(cors, o)))
    expect([...calls.values()].every((n) => n === 2)).toBe(true)
    // Refusals still reach onReject on every request (cached or not): 3 + 4 + 2 per refused tenant.
    expect(onReject).toHaveBeenCalledTimes((TENANTS / 2) * 9)
  })

  it('holds at most maxEntries verdicts, evicting the oldest', async () => {
    const { calls, lookup } = countingLookup()
    const origin = cachedOrigin(lookup, { ttl: TTL, maxEntries: 1000 })
    const cors = createCors({ origin })
    let largest = 0
    for (let i = 0; i < TENANTS; i += 500) {
      await Promise.all(origins.slice(i, i + 500).map((o) => decideActual(cors, o)))
      largest = Math.max(largest, origin.size)
    }
    expect(largest).toBe(1000)
    // The newest 1000 are still remembered, the oldest were dropped and are asked again.
    decideActual(cors, origins[TENANTS - 1]!)
    await decideActual(cors, origins[0]!)
    expect(calls.get(origins[TENANTS - 1]!)).toBe(1)
    expect(calls.get(origins[0]!)).toBe(2)
  })

  it('keeps refusals for refusalTtl, grants for ttl', async () => {
    const { calls, lookup } = countingLookup()
    const cors = createCors({ origin: cachedOrigin(lookup, { ttl: 10_000, refusalTtl: 1000 }) })
    await decideActual(cors, origins[0]!) // allowed
    await decideActual(cors, origins[1]!) // refused
    vi.advanceTimersByTime(1001)
    await decideActual(cors, origins[0]!)
    await decideActual(cors, origins[1]!)
    expect(calls.get(origins[0]!)).toBe(1)
    expect(calls.get(origins[1]!)).toBe(2)
  })

  it('fails closed on a failed lookup, shares the failure, and does not remember it', async () => {
    let calls = 0
    let fail = true
    const lookup = async () => {
      calls++
      await Promise.resolve()
      if (fail) throw new Error('database down')
      return true
    }
    const onReject = vi.fn()
    const cors = createCors({ origin: cachedOrigin(lookup), onReject })
    const o = 'https://a.example.com'
    const results = await Promise.allSettled([decideActual(cors, o), decideActual(cors, o)])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('database down')
    expect(calls).toBe(1)
    // semantics.md §2: an origin function's error is not a refusal.
    expect(onReject).not.toHaveBeenCalled()
    fail = false
    const d = await decideActual(cors, o)
    expect(d.allowed).toBe(true)
    expect(calls).toBe(2)
  })

  it('treats anything but true as a refusal, and lets a synchronous lookup answer synchronously', () => {
    const verdicts: Record<string, unknown> = { 'https://a.com': 'yes', 'https://b.com': true }
    const fn = cachedOrigin((o) => verdicts[o] as boolean)
    const cors = createCors({ origin: fn })
    expect((decideActual(cors, 'https://a.com') as CorsDecision).allowed).toBe(false)
    expect((decideActual(cors, 'https://b.com') as CorsDecision).allowed).toBe(true)
    fn.forget('https://b.com')
    expect(fn.size).toBe(1)
    fn.clear()
    expect(fn.size).toBe(0)
  })

  it('refuses a nonsensical configuration at start-up', () => {
    expect(() => cachedOrigin(async () => true, { ttl: -1 })).toThrow(RangeError)
    expect(() => cachedOrigin(async () => true, { maxEntries: 0 })).toThrow(RangeError)
  })
})

describe('cachedOrigin memory', () => {
  setFlagsFromString('--expose-gc')
  const gc = ((globalThis as { gc?: () => void }).gc ?? runInNewContext('gc')) as () => void
  const retained = () => {
    for (let i = 0; i < 3; i++) gc()
    return getHeapStatistics().used_heap_size
  }

  it('keeps no request buffer alive: keys are copies, and there are at most maxEntries of them', async () => {
    const fn = cachedOrigin(async () => false, { maxEntries: 100 })
    const cors = createCors({ origin: fn })
    const before = retained()
    for (let round = 0; round < 200; round++) {
      // Each Origin a slice of a fresh 1 MiB string, as a parser's buffer might hand it over.
      const parent = `${round}${'x'.repeat(2 ** 20)}`
      const origin = `https://r${round}${parent.slice(10, 1000)}.example.com`
      await decideActual(cors, origin)
    }
    expect(fn.size).toBe(100)
    // 100 keys of ~1 KiB, against 200 MiB if the parents were kept.
    expect(retained() - before).toBeLessThan(8 * 2 ** 20)
  })
})
