import { type Expected, expectedDecision, fuzzPolicy, isOriginInPolicy, nodeHeaderValue } from './policy'
import { header, headerValues, type ParsedResponse, parseResponse, type RawRequest } from './wire'

/** The status each route of `standardRoutes` (from @crossway/conformance) answers when the app runs. */
export const ROUTE_STATUS: Readonly<Record<string, number>> = {
  'GET /': 200,
  'GET /resource': 200,
  'POST /resource': 201,
  'PUT /resource': 200,
  'DELETE /resource': 200,
  'OPTIONS /resource': 200,
  'GET /teapot': 418,
  'GET /missing': 404,
  'GET /error': 500,
}

const PREFLIGHT_ONLY = [
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'access-control-allow-private-network',
]
const GRANTS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
]

export interface Verdict {
  /** Every problem found; empty is a pass. */
  readonly problems: readonly string[]
  /** `preflight allowed`, `actual refused`, `not-cors`…: lets a run show what it covered. */
  readonly outcome: string
}

/**
 * Checks one exchange: well-formed HTTP (see `parseResponse`), then the CORS outcome
 * against the independent oracle in `policy.ts`.
 */
export function checkExchange(request: RawRequest, bytes: Buffer): Verdict {
  const expected = expectedDecision(request)
  const outcome =
    expected.kind === 'not-cors' ? 'not-cors' : `${expected.kind} ${expected.allowed ? 'allowed' : 'refused'}`
  let response: ParsedResponse
  try {
    response = parseResponse(bytes, request.method)
  } catch (error) {
    return { problems: [(error as Error).message], outcome }
  }
  const problems: string[] = []
  const fail = (message: string) => problems.push(message)

  // The security property first, stated without the oracle's help: a grant is only ever
  // the request's own single Origin line, and only an origin the policy lists.
  const acao = header(response, 'access-control-allow-origin')
  if (acao !== undefined) {
    const origin = nodeHeaderValue(request, 'origin')
    if (origin.lines.length !== 1 || origin.joined !== acao)
      fail(`ACAO ${JSON.stringify(acao)} is not the request's one Origin line`)
    if (!isOriginInPolicy(acao)) fail(`ACAO granted to ${JSON.stringify(acao)}, outside the policy`)
  }

  const status = expectedStatus(request, expected)
  if (response.status !== status) fail(`status ${response.status}, expected ${status} (${expected.kind})`)
  if (expected.kind === 'preflight' && header(response, 'x-handler') !== undefined)
    fail('the route handler ran for a preflight')
  // 404 has no handler and a thrown error's page may drop the handler's headers.
  if (expected.kind !== 'preflight' && status !== 404 && status !== 500 && !header(response, 'x-handler'))
    fail('the route handler did not run for a non-preflight request')

  if (expected.allowed) {
    if (acao === undefined) fail(`no ACAO for an allowed ${expected.kind} request`)
    if (header(response, 'access-control-allow-credentials') !== 'true') fail('allowed without ACAC: true')
  } else {
    for (const name of GRANTS)
      if (header(response, name) !== undefined) fail(`${name} on a refused or non-CORS request`)
  }

  if (expected.kind === 'preflight' && expected.allowed) {
    if (header(response, 'access-control-allow-methods') === undefined) fail('allowed preflight without ACAM')
    if (header(response, 'access-control-max-age') !== String(fuzzPolicy.maxAge))
      fail('wrong or missing ACMA')
    const acah = header(response, 'access-control-allow-headers')
    const granted = acah === undefined ? [] : acah.split(',')
    if (granted.join('\n') !== expected.headers.join('\n'))
      fail(`ACAH ${JSON.stringify(acah)}, expected the requested names ${JSON.stringify(expected.headers)}`)
    const acapn = header(response, 'access-control-allow-private-network')
    if ((acapn === 'true') !== expected.privateNetwork || (acapn !== undefined && acapn !== 'true'))
      fail(`ACAPN ${JSON.stringify(acapn)}, expected ${expected.privateNetwork ? 'true' : 'none'}`)
    if (header(response, 'access-control-expose-headers') !== undefined) fail('ACEH on a preflight')
  } else {
    for (const name of PREFLIGHT_ONLY)
      if (header(response, name) !== undefined) fail(`${name} outside an allowed preflight`)
  }

  const vary = headerValues(response, 'vary')
    .flatMap((v) => v.split(','))
    .map((t) => t.trim().toLowerCase())
  const mustVary =
    expected.kind === 'preflight'
      ? [
          'origin',
          'access-control-request-method',
          'access-control-request-headers',
          'access-control-request-private-network',
        ]
      : ['origin']
  for (const token of mustVary) if (!vary.includes(token)) fail(`Vary lacks ${token}`)
  return { problems, outcome }
}

function expectedStatus(request: RawRequest, expected: Expected): number {
  if (expected.kind === 'preflight') return expected.allowed ? 204 : 403
  const status = ROUTE_STATUS[`${request.method} ${request.path}`]
  if (status === undefined) throw new Error(`no known route for ${request.method} ${request.path}`)
  return status
}
