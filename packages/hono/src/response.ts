// Writing a decision onto Hono's response. Two Hono details matter: headers an earlier
// middleware set with `c.header()` wait in the Context until a response is built from it, and
// assigning `c.res` copies every header of the response being replaced onto the new one.

import { applyDecision, type CorsDecision, decorate } from '@crossway/core/web'
import type { Context } from 'hono'
import type { StatusCode } from 'hono/utils/http-status'

/**
 * Answers a decision that the middleware ends itself (a preflight, or a forgery refused by
 * `csrf`): the decision's status and headers, an empty body (semantics.md §5, §10). Built with
 * `c.body()`, like any Hono response, so that what an earlier middleware set with `c.header()`
 * (a request id) is on it too; the decision's own headers win, `Vary` is merged.
 */
export function answerItself(c: Context, d: CorsDecision & { readonly status: number }): Response {
  const response = c.body(null, d.status as StatusCode)
  applyDecision(response.headers, d)
  replaceResponse(c, response)
  return response
}

/**
 * Adds the decision's headers to `c.res` once the app has answered: the route's response, or
 * what Hono's `onError` (default or custom, `HTTPException` included) or `notFound` made of it.
 * A response whose headers are immutable (`fetch()`'s, `Response.redirect()`) is replaced by a
 * copy that carries them (semantics.md §4).
 */
export function decorateResponse(c: Context, d: CorsDecision): void {
  // Nothing answered (a later middleware returned without a response): Hono reports that
  // itself, and a response made up here would hide it.
  if (!c.finalized) return
  const response = c.res
  const decorated = decorate(response, d)
  if (decorated !== response) replaceResponse(c, decorated)
}

// Hono's `c.res` setter copies each header of the response it replaces onto the new one, so
// the old `Vary` would overwrite the merged one (losing `Origin`). The new response already
// carries every header of the old: unset first, then assign.
function replaceResponse(c: Context, response: Response): void {
  c.res = undefined
  c.res = response
}
