// Which of several Crossway middlewares on one request decides it: shared by the Node glue and
// the Web glue, since Hono, h3, SvelteKit and Astro can stack middlewares as Express can.

const kDecided = Symbol.for('crossway.decided')

/**
 * Marks `req` as decided by a Crossway middleware and returns `true` the first time, `false`
 * after: the first Crossway middleware a request meets decides it, preflight and actual
 * request alike (semantics.md §7a). A later one (a router's `cors()` under an app-wide one)
 * must step aside, because a preflight is answered before routing could reach it.
 * `Symbol.for`, so that ESM and CJS copies of the adapters see each other's mark.
 */
export function claimRequest(req: object): boolean {
  const marked = req as { [kDecided]?: true }
  if (marked[kDecided] === true) return false
  marked[kDecided] = true
  return true
}

/**
 * Says, once per middleware, that a later Crossway middleware stepped aside (`claimRequest`
 * returned `false`), with code `CROSSWAY_STACKED`: through `process.emitWarning` where there is
 * one (Node, Bun, Deno), else `console.warn` (edge runtimes without `process`).
 */
export function warnStacked(message: string): void {
  const proc = (globalThis as { process?: { emitWarning?: (message: string, options: object) => void } })
    .process
  if (typeof proc?.emitWarning === 'function') proc.emitWarning(message, { code: 'CROSSWAY_STACKED' })
  else console.warn(message)
}
