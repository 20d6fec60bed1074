// Next.js steers rendering by throwing: `notFound()`, `forbidden()`, `unauthorized()`,
// `redirect()`, `permanentRedirect()`, and the bail-outs of dynamic APIs (`headers()` while
// prerendering, `connection()`). A route handler wrapper that catches errors must hand those
// back to Next untouched, or a redirect would become a 500.
//
// Next 15 and later export `unstable_rethrow` for exactly this (public, in `next/navigation`):
// it rethrows those errors and ignores the rest. Next 14 has no such function; there the
// fallback below recognises them by their `digest`, the marker Next puts on each of them. The
// digests are Next internals, kept to this one file: checked against Next 16.4.6 (redirects
// `NEXT_REDIRECT;…`, `NEXT_HTTP_ERROR_FALLBACK;404|403|401`, `DYNAMIC_SERVER_USAGE`,
// `BAILOUT_TO_CLIENT_SIDE_RENDERING`) and Next 14's `NEXT_NOT_FOUND`.
//
// `next/navigation` is imported lazily, on the first error only: a bare `next/navigation`
// is what Next's bundlers map to the right build for each layer (the `.js` spelling that
// middleware.ts uses for `next/server` resolves, under Turbopack, to the client build, which a
// route handler cannot load), while Node's own ESM loader cannot resolve it at all (`next` has
// no `exports` map). Loaded on demand, the package still imports under plain Node, and there,
// as on Next 14, the digest check stands in.
type Rethrow = (error: unknown) => void
type Navigation = { unstable_rethrow?: Rethrow; default?: { unstable_rethrow?: Rethrow } }

let rethrow: Promise<Rethrow> | undefined

function loadRethrow(): Promise<Rethrow> {
  rethrow ??= import('next/navigation').then(
    (navigation: Navigation) =>
      navigation.unstable_rethrow ?? navigation.default?.unstable_rethrow ?? rethrowByDigest,
    () => rethrowByDigest,
  )
  return rethrow
}

const CONTROL_FLOW_DIGESTS =
  /^(?:NEXT_REDIRECT|NEXT_NOT_FOUND|NEXT_HTTP_ERROR_FALLBACK|DYNAMIC_SERVER_USAGE|BAILOUT_TO_CLIENT_SIDE_RENDERING)(?:;|$)/

/** Next 14's stand-in for `unstable_rethrow`; exported for the test that keeps the two in step. */
export function rethrowByDigest(error: unknown): void {
  if (typeof error !== 'object' || error === null) return
  const digest = (error as { digest?: unknown }).digest
  if (typeof digest === 'string' && CONTROL_FLOW_DIGESTS.test(digest)) throw error
  // As `unstable_rethrow` does: a control-flow error wrapped by user code still counts.
  if (error instanceof Error && 'cause' in error) rethrowByDigest(error.cause)
}

/** Throws `error` again when it is one of Next.js's control-flow signals; resolves otherwise. */
export async function rethrowNextControlFlow(error: unknown): Promise<void> {
  ;(await loadRethrow())(error)
}
