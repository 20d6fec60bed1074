import { detach } from './bounded-cache'
import { isThenable } from './maybe-promise'

/** Where `cachedOrigin` gets its answers: a database or config-service lookup, by `Origin` alone. */
export type CorsOriginLookup = (origin: string) => boolean | PromiseLike<boolean>

/** How `cachedOrigin` remembers verdicts. */
export interface CachedOriginOptions {
  /**
   * How long an allowed verdict is trusted, in milliseconds.
   * @default 60_000
   */
  readonly ttl?: number
  /**
   * How long a refusal is trusted, in milliseconds: shorter lets a newly added tenant in
   * sooner; as long keeps a flood of unknown origins from reaching the lookup.
   * @default ttl
   */
  readonly refusalTtl?: number
  /**
   * How many origins are remembered at most (allowed and refused together). When full, the
   * oldest entry goes. Lookups in flight are not counted: there is at most one per origin, and
   * each belongs to a request that is waiting for it.
   * @default 10_000
   */
  readonly maxEntries?: number
}

/** The `origin` function `cachedOrigin` returns, with ways to drop what it remembers. */
export interface CachedOriginFunction {
  (origin: string): boolean | Promise<boolean>
  /** Forgets one origin's verdict (after a tenant's origins change), so the next request asks again. */
  readonly forget: (origin: string) => void
  /** Forgets every verdict. Lookups in flight still answer the requests waiting for them. */
  readonly clear: () => void
  /** How many verdicts are remembered now. */
  readonly size: number
}

interface Verdict {
  readonly allowed: boolean
  readonly expires: number
}

// §1: the core refuses longer Origin values before an origin function is called; a key this
// long is therefore never a browser's and is not worth remembering.
const MAX_KEY_LENGTH = 1024

/**
 * Wraps an async origin lookup for the `origin` option: each origin's verdict, refusals
 * included, is remembered for `ttl`, so a database is asked once per origin per `ttl` and a
 * remembered verdict is answered synchronously (the request then takes the core's sync fast
 * path: no promise). Concurrent requests for an origin not yet known share one lookup.
 *
 * A lookup that throws or rejects is not remembered: every request waiting for it fails with
 * that error, as an origin function's error does (semantics.md §2: nothing granted, `onReject`
 * not called, the framework answers 500), and the next request asks again. Only `true` allows.
 *
 * The verdict must depend on the origin alone (the lookup is not given the request).
 *
 * @example
 * createCors({
 *   origin: cachedOrigin(async (origin) => (await db.tenants.byOrigin(origin)) !== null, { ttl: 60_000 }),
 *   credentials: true,
 * })
 */
export function cachedOrigin(
  lookup: CorsOriginLookup,
  options: CachedOriginOptions = {},
): CachedOriginFunction {
  const ttl = checkDuration('ttl', options.ttl ?? 60_000)
  const refusalTtl = checkDuration('refusalTtl', options.refusalTtl ?? ttl)
  const maxEntries = options.maxEntries ?? 10_000
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    throw new RangeError(
      `crossway: cachedOrigin: maxEntries must be a whole number above 0, got ${maxEntries}`,
    )

  // Insertion order is expiry order within each TTL, so the first key is the one to evict.
  const verdicts = new Map<string, Verdict>()
  const inFlight = new Map<string, Promise<boolean>>()

  function remember(origin: string, allowed: boolean): void {
    if (origin.length > MAX_KEY_LENGTH) return
    // A refreshed key moves to the end, so eviction stays oldest-first.
    verdicts.delete(origin)
    if (verdicts.size >= maxEntries) verdicts.delete(verdicts.keys().next().value!)
    // The key is copied: a request's header string must not stay alive in the cache.
    verdicts.set(detach(origin), { allowed, expires: Date.now() + (allowed ? ttl : refusalTtl) })
  }

  function cached(origin: string): boolean | Promise<boolean> {
    const known = verdicts.get(origin)
    if (known !== undefined) {
      if (known.expires > Date.now()) return known.allowed
      verdicts.delete(origin)
    }
    const pending = inFlight.get(origin)
    if (pending !== undefined) return pending
    // A synchronous throw propagates as is: an origin function's error (semantics.md §2).
    const answer = lookup(origin)
    if (!isThenable(answer)) {
      const allowed = answer === true
      remember(origin, allowed)
      return allowed
    }
    const key = origin.length > MAX_KEY_LENGTH ? origin : detach(origin)
    const shared = Promise.resolve(answer).then(
      (verdict) => {
        inFlight.delete(key)
        const allowed = verdict === true
        remember(key, allowed)
        return allowed
      },
      (error: unknown) => {
        // Not remembered: fail closed for the requests that shared it, ask again next time.
        inFlight.delete(key)
        throw error
      },
    )
    inFlight.set(key, shared)
    return shared
  }

  return Object.defineProperties(cached, {
    forget: { value: (origin: string) => void verdicts.delete(origin) },
    clear: { value: () => verdicts.clear() },
    size: { get: () => verdicts.size },
  }) as CachedOriginFunction
}

function checkDuration(name: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value))
    throw new RangeError(`crossway: cachedOrigin: ${name} must be a number of milliseconds, got ${value}`)
  return value
}
