import type { Harness, RouteSpec } from '@crossway/conformance'
import type { CorsOptions } from '@crossway/core'
import { type FrontDoor, startBridge } from '../../../examples/lambda/bridge.js'
import { type LambdaHttpEvent, withCors } from '../src/index'

const methodOf = (event: any): string => event.httpMethod ?? event.requestContext.http.method
const pathOf = (event: any): string => event.path ?? event.rawPath

/**
 * The standard routes as one Lambda function that routes by itself. Behind a REST API the
 * route's headers go in `multiValueHeaders` and the rest in `headers` (both fields at once, the
 * way real handlers mix them); behind a 2.0 front door, in `headers`.
 */
export function standardHandler(routes: readonly RouteSpec[], front: FrontDoor) {
  const table = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]))
  return async (event: LambdaHttpEvent) => {
    const route = table.get(`${methodOf(event)} ${pathOf(event)}`)
    if (route === undefined)
      return { statusCode: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' }
    if (route.throws) throw new Error('boom')
    const own = { ...route.headers }
    if (front === 'rest-api') {
      const multiValueHeaders = Object.fromEntries(
        Object.entries(own).map(([name, value]) => [name, [value]]),
      )
      return {
        statusCode: route.status ?? 200,
        headers: { 'content-type': 'text/plain', 'x-handler': route.id },
        multiValueHeaders,
        body: route.body ?? '',
      }
    }
    return {
      statusCode: route.status ?? 200,
      headers: { 'content-type': 'text/plain', 'x-handler': route.id, ...own },
      body: route.body ?? '',
    }
  }
}

/** What the conformance suite's error cases expect of "the framework's own error handling": a 500. */
export const answerErrors = {
  onError: () => ({
    statusCode: 500,
    headers: { 'content-type': 'text/plain' },
    body: 'Internal Server Error',
  }),
}

// Payload 2.0 joins a header's repeated lines with a bare comma: such a request is refused all
// the same, but `onReject` reports the value as the platform joined it (`a,b`, not Node's
// `a, b`). The refusals themselves are checked in decide-event.test.ts.
const JOINED_BY_COMMA =
  'payload 2.0 joins repeated header lines with "," (no space): refused, but onReject reports "a,b" (decide-event.test.ts)'
const TWO_LINE_CASES = [
  'classify/origin-on-two-lines-refused-even-if-listed',
  'classify/origin-on-two-lines-preflight-refused',
  'classify/acrm-on-two-lines-is-malformed',
  'classify/origin-on-two-lines-never-reaches-function',
]

/**
 * The conformance harness: the standard routes in one function wrapped by `withCors`, served
 * through the bridge as `front` calls it, over real HTTP. `onError` answers thrown errors with
 * a 500 (without it the platform's own 5xx carries no CORS headers: tested in bridge.test.ts).
 */
export function lambdaHarness(front: FrontDoor): Harness {
  return {
    name: `lambda behind ${front}`,
    ...(front !== 'rest-api' && {
      skip: Object.fromEntries(TWO_LINE_CASES.map((id) => [id, JOINED_BY_COMMA])),
    }),
    async start(policy: CorsOptions<any>, routes: readonly RouteSpec[]) {
      const handler = withCors(standardHandler(routes, front), policy, answerErrors)
      return startBridge(handler, { front, log: () => {} })
    },
  }
}
