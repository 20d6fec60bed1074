import { CORS_RESPONSE_HEADER_NAMES, type CorsDecision, mergeVary } from '@crossway/core'
import type { LambdaCorsResult, LambdaEventV1, LambdaHttpEvent } from './events'

const VARY = 'vary'

// The CORS response headers belong to the policy: a handler's own copies (hand-written, or from
// another CORS middleware) are replaced, never sent beside the policy's, so no response carries
// two `Access-Control-Allow-Origin` values or grants what the policy refuses.
const CORS_RESPONSE_HEADERS = new Set(CORS_RESPONSE_HEADER_NAMES)

type HeaderValue = string | number | boolean
type MutableHeaders = { [name: string]: HeaderValue }
type MutableMultiValueHeaders = { [name: string]: HeaderValue[] }
/** A handler's structured result, as far as this module reads it: anything else is kept as is. */
type StructuredResult = { headers?: unknown; multiValueHeaders?: unknown; [field: string]: unknown }

/** What a rewrite found in the handler's own headers. */
interface Found {
  /** The handler's `Vary`, from every field and spelling, as one line. */
  vary: string | undefined
  /** Whether the handler set CORS response headers of its own. */
  corsHeaders: boolean
}

/**
 * The whole answer to a decision that responds (a preflight, or a forgery `csrf` refuses): its
 * status, its headers (`Content-Length: 0` included where it belongs) and an empty body.
 * `multiValueHeaders` only for a 1.0 event that carried nothing else (an ALB target group with
 * multi-value headers on, which then reads no `headers`).
 */
export function answerResult(
  decision: CorsDecision & { readonly status: number },
  event: LambdaHttpEvent,
  format: 1 | 2,
): LambdaCorsResult {
  const headers: MutableHeaders = {}
  for (const [name, value] of decision.headers) headers[name] = value
  if (decision.vary !== undefined) headers[VARY] = decision.vary
  if (format === 1 && onlyMultiValue(event as LambdaEventV1)) {
    const multiValueHeaders: MutableMultiValueHeaders = {}
    for (const name in headers) multiValueHeaders[name] = [headers[name]!]
    return { statusCode: decision.status, multiValueHeaders, body: '' }
  }
  return { statusCode: decision.status, headers, body: '' }
}

function onlyMultiValue(event: LambdaEventV1): boolean {
  return (
    event.headers == null && typeof event.multiValueHeaders === 'object' && event.multiValueHeaders !== null
  )
}

/**
 * The handler's result with the decision's headers, as a new object: the handler's may be a
 * constant shared by every request, and one request's headers must never reach another's (§7a).
 * `onCorsHeaders` is called when the handler had set CORS headers of its own.
 */
export function decorateResult(
  result: unknown,
  decision: CorsDecision,
  format: 1 | 2,
  onCorsHeaders: () => void,
): unknown {
  if (format === 2 && !isStructuredV2(result)) return decorateShorthand(result, decision)
  // A format 1.0 result that is not a structured object is answered 502 by API Gateway
  // ("Malformed Lambda proxy response"): there is nothing to add the headers to.
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return result
  const structured = result as StructuredResult
  const headers = structured.headers
  const multi = format === 1 ? structured.multiValueHeaders : undefined
  const found: Found = { vary: undefined, corsHeaders: false }
  let decorated: StructuredResult
  if (multi == null) {
    const single: MutableHeaders = {}
    copyHeaders(headers, single, found, decision)
    for (const [name, value] of decision.headers) single[name] = value
    const vary = mergeVary(found.vary, decision.vary)
    if (vary !== undefined) single[VARY] = vary
    decorated = { ...structured, headers: single }
  } else {
    // API Gateway merges the two fields, sending a name found in both twice unless the values
    // are equal ("Output format of a Lambda function for proxy integration"): everything this
    // writes goes to `multiValueHeaders`, and `headers` loses those names.
    const single: MutableHeaders = {}
    const multiple: MutableMultiValueHeaders = {}
    copyHeaders(multi, multiple, found, decision)
    copyHeaders(headers, single, found, decision)
    for (const [name, value] of decision.headers) multiple[name] = [value]
    const vary = mergeVary(found.vary, decision.vary)
    if (vary !== undefined) multiple[VARY] = [vary]
    decorated = { ...structured, multiValueHeaders: multiple }
    if (headers != null) decorated.headers = single
  }
  if (found.corsHeaders) onCorsHeaders()
  return decorated
}

/**
 * Format 2.0 infers a response when the result has no `statusCode` (a string, an object, an
 * array, `null`): 200, `content-type: application/json`, the body being the result as JSON.
 * Headers need the structured form, so this writes exactly what the platform would have
 * inferred, plus the headers. The runtime sends `undefined` as `null`.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-response-payload
 */
function decorateShorthand(result: unknown, decision: CorsDecision): LambdaCorsResult {
  const headers: MutableHeaders = { 'content-type': 'application/json' }
  for (const [name, value] of decision.headers) headers[name] = value
  if (decision.vary !== undefined) headers[VARY] = decision.vary
  return {
    statusCode: 200,
    headers,
    body: JSON.stringify(result === undefined ? null : result),
    isBase64Encoded: false,
  }
}

/**
 * Whether a 2.0 result is structured: an object whose `statusCode` survives the runtime's
 * JSON serialisation (an `undefined` one does not, and the platform then infers).
 */
export function isStructuredV2(result: unknown): boolean {
  return (
    typeof result === 'object' &&
    result !== null &&
    !Array.isArray(result) &&
    (result as { statusCode?: unknown }).statusCode !== undefined
  )
}

// Copies the handler's headers into `target`, leaving out `Vary` (collected in `found`, merged
// once by the caller), the CORS response headers and anything the decision writes.
function copyHeaders<V>(
  source: unknown,
  target: { [name: string]: V },
  found: Found,
  decision: CorsDecision,
): void {
  // A field that is not an object holds no headers to keep (and a string would iterate as indices).
  if (typeof source !== 'object' || source === null) return
  const headers = source as { readonly [name: string]: V | undefined }
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined) continue
    const lower = name.toLowerCase()
    if (lower === VARY) {
      const line = Array.isArray(value) ? value.join(', ') : String(value)
      found.vary = found.vary === undefined || found.vary === '' ? line : `${found.vary}, ${line}`
      continue
    }
    if (CORS_RESPONSE_HEADERS.has(lower)) {
      found.corsHeaders = true
      continue
    }
    if (writtenBy(decision, lower)) continue
    target[name] = value
  }
}

function writtenBy(decision: CorsDecision, name: string): boolean {
  for (const pair of decision.headers) if (pair[0] === name) return true
  return false
}
