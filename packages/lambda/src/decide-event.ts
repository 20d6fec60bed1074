import type { CorsDecider, CorsDecision } from '@crossway/core'
import type { LambdaEventV1, LambdaHeaders, LambdaHttpEvent, LambdaMultiValueHeaders } from './events'
import { methodOf } from './events'

const ORIGIN = 'origin'
const REQUEST_METHOD = 'access-control-request-method'
const REQUEST_HEADERS = 'access-control-request-headers'
const REQUEST_PRIVATE_NETWORK = 'access-control-request-private-network'
const FETCH_SITE = 'sec-fetch-site'

/**
 * Asks `policy` about an HTTP event: reads `Origin` and the three preflight headers (and, for a
 * policy with `csrf` on, `Sec-Fetch-Site` and the host) and passes the event itself to an
 * `origin` function. Synchronous whenever the policy is.
 */
export function decideEvent(
  policy: CorsDecider<any>,
  event: LambdaHttpEvent,
  format: 1 | 2,
): CorsDecision | PromiseLike<CorsDecision> {
  const read = format === 1 ? readV1 : readV2
  const csrf = policy.csrf
  return policy.decide(
    methodOf(event, format),
    read(event, ORIGIN),
    read(event, REQUEST_METHOD),
    read(event, REQUEST_HEADERS),
    read(event, REQUEST_PRIVATE_NETWORK),
    event,
    // Read only for a policy with `csrf` on (semantics.md §10). Without a host header (a
    // hand-made event), the domain API Gateway or the function URL was called on.
    csrf === undefined ? undefined : read(event, FETCH_SITE),
    csrf === undefined ? undefined : (read(event, csrf.hostHeader) ?? event.requestContext?.domainName),
  )
}

// Format 1.0: `multiValueHeaders` holds every line (`headers` only the last one), so a
// repeated `Origin` shows as the comma that semantics.md §1 refuses. A hand-made event may
// carry only `headers`.
function readV1(event: LambdaHttpEvent, name: string): string | undefined {
  const v1 = event as LambdaEventV1
  return readHeader(v1.multiValueHeaders, name) ?? readHeader(v1.headers, name)
}

function readV2(event: LambdaHttpEvent, name: string): string | undefined {
  return readHeader(event.headers, name)
}

/**
 * The value of header `name` (lower-case), whatever case the event spells it in: REST APIs
 * pass names as the client sent them, and `Origin` and `origin` may both be there. Every match
 * is joined with `, `, the way Node joins repeated lines, so none is silently dropped. The
 * names are compared by length first: most keys are never lower-cased.
 */
export function readHeader(
  headers: LambdaHeaders | LambdaMultiValueHeaders | null | undefined,
  name: string,
): string | undefined {
  if (headers == null) return undefined
  let found: string | undefined
  for (const key in headers) {
    if (key.length !== name.length || (key !== name && key.toLowerCase() !== name)) continue
    const value = lineOf(headers[key])
    if (value !== undefined) found = found === undefined ? value : `${found}, ${value}`
  }
  return found
}

function lineOf(value: unknown): string | undefined {
  if (value == null) return undefined
  return Array.isArray(value) ? value.join(', ') : String(value)
}
