import { request as httpRequest } from 'node:http'

/** A response as the tests see it: header names lower-cased, repeated lines joined. */
export interface TestResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: string
}

/** Sends one request over a fresh connection (`agent: false`): no pooling between tests. */
export function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<TestResponse> {
  const server = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: server.hostname,
        port: server.port,
        method,
        // As written: an absolute-form target (`http://host/path`) included.
        path,
        headers,
        agent: false,
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => {
          const flat: Record<string, string> = {}
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
          }
          resolve({ status: res.statusCode ?? 0, headers: flat, body })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** A preflight from `origin` asking for `method` (and `headers`, when given). */
export function preflight(baseUrl: string, path: string, origin: string, method: string, headers?: string) {
  const h: Record<string, string> = { origin, 'access-control-request-method': method }
  if (headers !== undefined) h['access-control-request-headers'] = headers
  return send(baseUrl, 'OPTIONS', path, h)
}
