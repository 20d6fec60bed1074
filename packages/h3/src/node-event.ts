// h3 1 (Nitro 2, Nuxt 3 and 4): an event handler over Node's `req`/`res` (`event.node`). It
// returns nothing to let h3 carry on down its stack, and h3 stops there once the response has
// ended (`event.handled`), which is how a preflight is answered before any route. Headers
// written on `res` stay there when h3 1's `sendError` (or Nitro's error handler) writes an
// error page, since both only add `content-type` and end the response.

import {
  decideNode,
  endResponse,
  isThenable,
  keepVary,
  type NodeCorsPolicy,
  type NodeRequestLike,
  type NodeResponseLike,
  writeDecision,
} from '@crossway/core/node'
import type { CorsDecision } from '@crossway/core/web'

/** What the glue reads of an h3 1 event, structurally: Node's request and response. */
export interface NodeEventLike {
  readonly node: { readonly req: NodeRequestLike; readonly res: NodeResponseLike }
}

/**
 * The CORS step for an h3 1 event: decides, writes the headers on `event.node.res`, and
 * either ends a preflight (or a CSRF refusal) or keeps `Vary` and returns so that h3 carries
 * on. Synchronous for a policy without an async `origin` function; an `origin` function's
 * error is thrown (or rejected) into h3's own error handling.
 */
export function runNodeEvent<Event extends NodeEventLike>(
  policy: NodeCorsPolicy<Event>,
  event: Event,
): void | Promise<void> {
  const { req, res } = event.node
  const decision = decideNode(policy, req.method ?? 'GET', req.headers, event)
  if (!isThenable(decision)) return finish(res, decision)
  return Promise.resolve(decision).then((d) => finish(res, d))
}

function finish(res: NodeResponseLike, decision: CorsDecision): void {
  writeDecision(res, decision)
  if (decision.respond) {
    endResponse(res, decision)
    return
  }
  // `sendWebResponse` and `setResponseHeader` replace `Vary` through `setHeader`: keep ours in it.
  if (decision.vary !== undefined) keepVary(res, decision.vary)
}
