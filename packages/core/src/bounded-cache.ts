/**
 * A map from request header values to what the policy made of them, with a hard bound on
 * what it can hold (semantics.md §7): at most `maxEntries` keys, none longer than
 * `maxKeyLength` code units, so a policy's cache never exceeds
 * `maxEntries × maxKeyLength` key characters plus its values, however many hostile
 * requests arrive. Longer keys are never stored: the §1/§5 limits already refuse such a
 * value in constant time, so remembering it would save nothing and keep the request alive.
 *
 * When full it starts over instead of evicting one entry: browsers repeat a handful of
 * values, which refill it at once, while a client sending endless new values costs what it
 * would without a cache, and a hit costs one lookup, with no bookkeeping.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>()
  readonly #maxEntries: number
  readonly #maxKeyLength: number

  constructor(maxEntries: number, maxKeyLength: number) {
    this.#maxEntries = maxEntries
    this.#maxKeyLength = maxKeyLength
  }

  get(key: string): V | undefined {
    return this.#entries.get(key)
  }

  /** Remembers `value` under `key` when the key is within bounds; returns `value` either way. */
  set(key: string, value: V): V {
    if (key.length > this.#maxKeyLength) return value
    if (this.#entries.size >= this.#maxEntries) this.#entries.clear()
    this.#entries.set(detach(key), value)
    return value
  }

  get size(): number {
    return this.#entries.size
  }
}

/**
 * A copy of `s` that shares no storage with a longer string, for strings a cache keeps.
 * Engines may represent a substring as a view on its parent (V8's sliced strings), so a
 * short key cut from a megabyte value (a trimmed or split header) would keep the whole value
 * alive. Concatenating forces a flat copy of `s`'s characters before the slice, whose parent
 * is then that copy. Runs once per stored value, never on a hit.
 */
export function detach(s: string): string {
  return ` ${s}`.slice(1)
}
