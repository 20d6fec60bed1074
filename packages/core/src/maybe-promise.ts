/** A value now, or a promise of one (any thenable, from any realm). */
export type MaybePromise<T> = T | PromiseLike<T>

/**
 * Whether a value must be awaited. Duck-typed on purpose: `instanceof Promise` misses
 * promises from another realm (a `vm` context, an iframe, a test runner's) and userland
 * thenables, which Promises/A+ says are promises all the same.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  )
}

/**
 * Runs `then` on `value` synchronously when it is already a value, and after it settles
 * when it is a thenable: a sync policy stays sync (no microtask, no allocation), an async
 * one becomes a native promise of this realm. A rejection, or a throw from `then` on the
 * async path, rejects the returned promise; on the sync path it throws.
 */
export function whenResolved<T, R>(
  value: MaybePromise<T>,
  then: (resolved: T) => R | Promise<R>,
): R | Promise<R> {
  // Promise.resolve adopts a foreign thenable through its `then`, so the result is always ours.
  return isThenable(value) ? Promise.resolve(value).then(then) : then(value)
}
