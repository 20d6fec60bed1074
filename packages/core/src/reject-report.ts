import { detach } from './bounded-cache'
import type { CompiledPolicy } from './compile'
import { isThenable } from './maybe-promise'
import type { CorsRejection, CorsRejectionReason } from './rejection'
import { isToken } from './tokens'

/** semantics.md §8: `origin` (and the echoed ACRM) are given cut to their first 1024 bytes. */
const MAX_REPORTED_LENGTH = 1024

export type ReportRejection = (
  kind: CorsRejection['kind'],
  reason: CorsRejectionReason,
  origin: string,
  method: string,
  requestMethod: string | undefined,
  header: string | undefined,
) => void

/** Builds the function that tells the policy's `onReject` about a refused request (semantics.md §8). */
export function createReporter(policy: CompiledPolicy): ReportRejection {
  const { onReject } = policy
  return function report(kind, reason, origin, method, requestMethod, header) {
    if (onReject === undefined) return
    const rejection: CorsRejection = {
      kind,
      reason,
      origin: cut(origin),
      method,
      ...(requestMethod === undefined ? {} : { requestMethod: cut(requestMethod) }),
      ...(header === undefined ? {} : { header }),
      message: describeRejection(reason, origin, method, requestMethod, header, policy),
    }
    // Logging must never break a response: errors and rejected promises are swallowed.
    try {
      const result = onReject(rejection) as unknown
      if (isThenable(result)) result.then(undefined, () => {})
    } catch {}
  }
}

// A logger that buffers rejections keeps them: a plain slice could keep the whole
// megabyte value behind each 1024-byte one alive (§7), so the cut is a copy.
function cut(value: string): string {
  return value.length > MAX_REPORTED_LENGTH ? detach(value.slice(0, MAX_REPORTED_LENGTH)) : value
}

function quote(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value)
}

/** One sentence a person can act on (semantics.md §8). */
export function describeRejection(
  reason: CorsRejectionReason,
  origin: string,
  method: string,
  requestMethod: string | undefined,
  header: string | undefined,
  policy: CompiledPolicy,
): string {
  switch (reason) {
    case 'origin':
      return origin === 'null' && policy.credentials
        ? 'Origin "null" is never allowed with credentials: sandboxed iframes, data: URLs and some redirects send it, so any attacker page can; serve that content from a real origin and list it.'
        : `Origin ${quote(origin)} is not allowed by the CORS policy; add it to the origin option if this site should read responses.`
    case 'malformed':
      return requestMethod !== undefined && !isToken(requestMethod)
        ? `The preflight's Access-Control-Request-Method ${quote(requestMethod)} is not a single method name, so it was refused.`
        : "The preflight's Access-Control-Request-Headers is malformed (a name that is not a token, more than 64 names, or over 1024 bytes), so it was refused."
    case 'method':
      return `Method ${quote(requestMethod ?? '')} is not allowed by the CORS policy (allowed: ${policy.methodsValue ?? 'GET, HEAD and POST only'}); add it to the methods option.`
    case 'header':
      return `Request header ${quote(header ?? '')} is not allowed by the CORS policy; add it to the allowedHeaders option.`
    case 'private-network':
      return 'The preflight asks for private network access (Access-Control-Request-Private-Network: true); set privateNetwork: true to allow it.'
    case 'csrf':
      return origin === ''
        ? `A cross-site ${quote(method)} request without an Origin header was refused as a possible forgery (csrf); browsers send Origin on every cross-site unsafe request, so this one did not come from a page your policy trusts.`
        : `A cross-site ${quote(method)} request from ${quote(origin)} was refused as a possible forgery (csrf); add that origin to the origin option if its pages may send it, or turn csrf off for this route (webhooks).`
  }
}
