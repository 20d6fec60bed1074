// Serves a Lambda HTTP handler on node:http the way API Gateway and function URLs call it:
// each request becomes the event of a payload format, the handler's result becomes the
// response by the platform's rules (multiValueHeaders merging, the 2.0 shorthand, cookies), and
// a failed invocation becomes the platform's own error page, without CORS headers. For local
// development, this example, and @crossway/lambda's tests (one copy, imported by both).
//
// Event shapes: API Gateway developer guide, "Set up Lambda proxy integrations in API Gateway"
// (REST) and "Create AWS Lambda proxy integrations for HTTP APIs"; Lambda developer guide,
// "Invoking Lambda function URLs". Only node:* imports, so tests import it from anywhere.
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'

/** The three front doors, and the payload format each sends. */
export const FORMATS = Object.freeze({
  'rest-api': 1,
  'http-api': 2,
  'function-url': 2,
})

// What each platform answers when the invocation fails (the handler throws or rejects), or
// when the result is malformed: its own page, which never carries the function's headers.
const FAILURES = {
  'rest-api': { status: 502, type: 'application/json', body: '{"message": "Internal server error"}' },
  'http-api': { status: 500, type: 'application/json', body: '{"message":"Internal Server Error"}' },
  'function-url': { status: 502, type: 'text/plain', body: 'Internal Server Error' },
}

// Content types sent as text; any other body reaches a 2.0 event base64-encoded. REST APIs
// without binary media types configured pass every body as text.
const TEXT = /^(text\/|application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml|javascript)\b)/i

/**
 * Builds the event a request becomes.
 * @param {import('node:http').IncomingMessage} req
 * @param {Buffer} body
 * @param {'rest-api' | 'http-api' | 'function-url'} front
 */
export function toEvent(req, body, front) {
  if (!(front in FORMATS)) throw new TypeError(`bridge: unknown front door ${JSON.stringify(front)}`)
  const url = new URL(req.url ?? '/', 'http://bridge.invalid')
  const host = req.headers.host ?? 'localhost'
  const now = new Date()
  return FORMATS[front] === 1 ? eventV1(req, body, url, host, now) : eventV2(req, body, url, host, now, front)
}

function eventV1(req, body, url, host, now) {
  // Names as the client sent them (the first spelling of each); `headers` keeps the last line.
  const spelling = new Map()
  const headers = {}
  const multiValueHeaders = {}
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const lower = req.rawHeaders[i].toLowerCase()
    if (!spelling.has(lower)) spelling.set(lower, req.rawHeaders[i])
    const name = spelling.get(lower)
    headers[name] = req.rawHeaders[i + 1]
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), req.rawHeaders[i + 1]]
  }
  const query = {}
  const multiQuery = {}
  for (const [name, value] of url.searchParams) {
    query[name] = value
    multiQuery[name] = [...(multiQuery[name] ?? []), value]
  }
  const hasQuery = url.search.length > 1
  return {
    resource: '/{proxy+}',
    path: url.pathname,
    httpMethod: req.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: { proxy: url.pathname.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0],
      extendedRequestId: randomUUID(),
      httpMethod: req.method,
      identity: {
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? null,
      },
      path: url.pathname,
      protocol: `HTTP/${req.httpVersion}`,
      requestId: randomUUID(),
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: '/{proxy+}',
      stage: '$default',
    },
    body: body.length > 0 ? body.toString('utf8') : null,
    isBase64Encoded: false,
  }
}

function eventV2(req, body, url, host, now, front) {
  // Names lower-cased, repeated lines joined with commas, `Cookie` moved to `cookies`.
  const headers = {}
  const cookies = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase()
    const value = req.rawHeaders[i + 1]
    if (name === 'cookie') {
      for (const part of value.split(';')) if (part.trim() !== '') cookies.push(part.trim())
      continue
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value
  }
  const query = {}
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value
  const text = body.length === 0 || TEXT.test(req.headers['content-type'] ?? 'text/plain')
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(url.search.length > 1 && { queryStringParameters: query }),
    requestContext: {
      accountId: front === 'function-url' ? 'anonymous' : '123456789012',
      apiId: 'local',
      ...(front === 'function-url' && { authentication: null, authorizer: null }),
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: {
        method: req.method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: !text,
  }
  if (body.length > 0) event.body = text ? body.toString('utf8') : body.toString('base64')
  return event
}

/**
 * Writes a handler's result as the platform would. The result first goes through JSON, as the
 * runtime sends it (`undefined` becomes `null`, `undefined` fields vanish).
 * @param {import('node:http').ServerResponse} res
 * @param {unknown} result
 * @param {'rest-api' | 'http-api' | 'function-url'} front
 */
export function writeResult(res, result, front) {
  const payload = JSON.parse(JSON.stringify(result === undefined ? null : result))
  const response = FORMATS[front] === 1 ? responseV1(payload) : responseV2(payload)
  if (response === undefined) return writeFailure(res, front)
  res.statusCode = response.status
  for (const [name, values] of response.headers) res.setHeader(name, values)
  res.end(response.body)
}

/** The platform's own page for a failed invocation. */
export function writeFailure(res, front) {
  const failure = FAILURES[front]
  res.statusCode = failure.status
  res.setHeader('content-type', failure.type)
  res.end(failure.body)
}

// Format 1.0 needs a structured result; `headers` and `multiValueHeaders` are merged into one
// list, a name and value found in both sent once, any other pair in both sent twice.
function responseV1(payload) {
  if (!isObject(payload) || !isStatus(payload.statusCode)) return undefined
  if (payload.body != null && typeof payload.body !== 'string') return undefined
  const headers = new Map()
  const add = (name, value, skipEqual) => {
    const lower = name.toLowerCase()
    if (SET_BY_PLATFORM.has(lower)) return
    const entry = headers.get(lower) ?? { name, values: [] }
    if (skipEqual && entry.values.includes(String(value))) return
    entry.values.push(String(value))
    headers.set(lower, entry)
  }
  for (const [name, values] of Object.entries(objectOr(payload.multiValueHeaders))) {
    for (const value of Array.isArray(values) ? values : []) add(name, value, false)
  }
  for (const [name, value] of Object.entries(objectOr(payload.headers))) add(name, value, true)
  return {
    status: Number(payload.statusCode),
    headers: [...headers.values()].map((entry) => [entry.name, entry.values]),
    body: bodyOf(payload),
  }
}

// Format 2.0: a result without `statusCode` is a shorthand for a 200 JSON response whose body
// is the result as JSON; `cookies` become Set-Cookie lines. `multiValueHeaders` is ignored.
function responseV2(payload) {
  if (!isObject(payload) || payload.statusCode === undefined) {
    return {
      status: 200,
      headers: [['content-type', ['application/json']]],
      body: JSON.stringify(payload),
    }
  }
  if (!isStatus(payload.statusCode)) return undefined
  if (payload.body != null && typeof payload.body !== 'string') return undefined
  const headers = []
  for (const [name, value] of Object.entries(objectOr(payload.headers))) {
    if (!SET_BY_PLATFORM.has(name.toLowerCase())) headers.push([name, [String(value)]])
  }
  if (Array.isArray(payload.cookies) && payload.cookies.length > 0) {
    headers.push(['set-cookie', payload.cookies.map(String)])
  }
  return { status: Number(payload.statusCode), headers, body: bodyOf(payload) }
}

// Framing is the platform's: it measures the body it sends.
const SET_BY_PLATFORM = new Set(['content-length', 'transfer-encoding', 'connection'])

function bodyOf(payload) {
  if (typeof payload.body !== 'string') return ''
  return payload.isBase64Encoded === true ? Buffer.from(payload.body, 'base64') : payload.body
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function objectOr(value) {
  return isObject(value) ? value : {}
}

function isStatus(value) {
  const status = Number(value)
  return Number.isInteger(status) && status >= 100 && status <= 599
}

/** A minimal Lambda context object: what handlers commonly read. */
export function createContext() {
  const deadline = Date.now() + 30_000
  const awsRequestId = randomUUID()
  return {
    functionName: 'local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:local',
    memoryLimitInMB: '128',
    awsRequestId,
    logGroupName: '/aws/lambda/local',
    logStreamName: `local/${awsRequestId}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  }
}

async function readBody(req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/**
 * A node:http request listener that invokes `handler` as `front` would.
 * @param {(event: any, context: any) => unknown} handler
 * @param {{ front: 'rest-api' | 'http-api' | 'function-url', log?: (error: unknown) => void }} options
 */
export function createBridge(handler, { front, log = (error) => console.error(error) }) {
  if (!(front in FORMATS)) throw new TypeError(`bridge: unknown front door ${JSON.stringify(front)}`)
  return async (req, res) => {
    let result
    try {
      const event = toEvent(req, await readBody(req), front)
      result = await handler(event, createContext())
    } catch (error) {
      log(error)
      return writeFailure(res, front)
    }
    try {
      writeResult(res, result, front)
    } catch (error) {
      // A result JSON cannot carry (a BigInt, a cycle): the runtime reports the invocation failed.
      log(error)
      if (!res.headersSent) writeFailure(res, front)
      else res.end()
    }
  }
}

/**
 * Serves `handler` on `host`:`port` (port 0: any free one) and resolves once it listens.
 * @param {(event: any, context: any) => unknown} handler
 * @param {{ front: 'rest-api' | 'http-api' | 'function-url', host?: string, port?: number, log?: (error: unknown) => void }} options
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startBridge(handler, { front, host = '127.0.0.1', port = 0, log }) {
  const server = createServer(createBridge(handler, { front, log }))
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address()
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
