// One Lambda function behind a function URL (or an HTTP API, payload 2.0) serving every route:
// deploy it with the handler `handler.handler`; server.js serves it locally. The function does
// its own routing, so each policy wraps the part of it that it governs.
import {
  apiPolicy,
  createPreflightCounter,
  newSessionCookie,
  parseForm,
  publicPolicy,
  readSessionCookie,
  recordHandled,
  requestId,
} from '@crossway/example-shared'
import { withCors } from '@crossway/lambda'

const preflights = createPreflightCounter()

const json = (statusCode, body, headers = {}) => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ ...body, framework: 'lambda' }),
})

// Payload 2.0 moves the Cookie header to `cookies`; 1.0 keeps it in the headers.
const cookieHeader = (event) => event.cookies?.join('; ') ?? event.headers?.cookie ?? event.headers?.Cookie

function bodyText(event) {
  if (event.body == null) return ''
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body
}

const pathOf = (event) => event.rawPath ?? event.path

// The path with its query, as the counter and recordHandled compare them.
function urlOf(event) {
  if (event.rawPath !== undefined)
    return event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath
  const query = new URLSearchParams()
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    for (const value of values) query.append(name, value)
  }
  return query.size > 0 ? `${event.path}?${query}` : event.path
}
const methodOf = (event) => event.requestContext?.http?.method ?? event.httpMethod

async function api(event) {
  const headers = { 'x-request-id': requestId(), 'x-internal': 'not-exposed' }
  switch (`${methodOf(event)} ${pathOf(event)}`) {
    case 'GET /api/hello':
    case 'HEAD /api/hello':
      return json(200, { message: 'hello' }, headers)
    // State-changing, and what a forged <form method="POST"> would aim at: `csrf` refuses it
    // from another site unless the origin is in the policy (recordHandled: the tests' proof).
    case 'POST /api/items':
      recordHandled('POST', urlOf(event))
      return json(
        200,
        { created: parseForm(bodyText(event)), session: readSessionCookie(cookieHeader(event)) },
        headers,
      )
    case 'PUT /api/items':
      return json(200, { saved: JSON.parse(bodyText(event) || 'null') }, headers)
    // The policy does not list PATCH: the route exists, the browser still refuses to call it.
    case 'PATCH /api/items':
      return json(200, { patched: JSON.parse(bodyText(event) || 'null') }, headers)
    case 'DELETE /api/items':
      return json(200, { deleted: true }, headers)
    case 'GET /api/error':
      throw new Error('boom')
    case 'GET /api/cookie': {
      // Payload 2.0 takes cookies in `cookies`, one Set-Cookie line each.
      const cookie = newSessionCookie()
      return { ...json(200, { set: cookie.value }, headers), cookies: [cookie.header] }
    }
    case 'GET /api/whoami':
      return json(200, { cookie: readSessionCookie(cookieHeader(event)) }, headers)
    default:
      return json(404, { error: 'not found' }, headers)
  }
}

// Without onError a thrown error fails the invocation, and the platform's own 502 (500 on an
// HTTP API) has no CORS headers: the browser could not read it. This 500 gets them.
const apiHandler = withCors(api, apiPolicy, {
  onError(error, event) {
    console.error(`[lambda] ${methodOf(event)} ${pathOf(event)}: ${error.message}`)
    return json(500, { error: error.message })
  },
})

const publicHandler = withCors(
  async (event) =>
    `${methodOf(event)} ${pathOf(event)}` === 'GET /api/public/hello'
      ? json(200, { message: 'hello, anyone' })
      : json(404, { error: 'not found' }),
  publicPolicy,
)

export async function handler(event, context) {
  const path = pathOf(event)
  // First: the CORS wrappers answer preflights without calling anything behind them.
  preflights.observe(methodOf(event), urlOf(event), { ...event.headers, cookie: cookieHeader(event) })
  if (path === '/__stats') {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(preflights.stats()),
    }
  }
  // The more specific prefix first, so /api/public/* gets only the public policy.
  if (path.startsWith('/api/public/')) return publicHandler(event, context)
  if (path.startsWith('/api/')) return apiHandler(event, context)
  return json(404, { error: 'not found' })
}
