import http from 'node:http'
import type { ConformanceResponse } from '@crossway/conformance'

/** A request with an optional body: what a `<form>` or a `fetch` sends. */
export interface BodyRequest {
  readonly method: string
  readonly path: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
}

/** Sends one request on a fresh connection; repeated response lines are joined with `, `. */
export function send(baseUrl: string, req: BodyRequest): Promise<ConformanceResponse> {
  const url = new URL(req.path, baseUrl)
  return new Promise((resolve, reject) => {
    const clientRequest = http.request(
      {
        method: req.method,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers: req.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const headers: Record<string, string> = {}
          for (const [name, values] of Object.entries(res.headersDistinct)) {
            if (values !== undefined) headers[name] = values.join(', ')
          }
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') })
        })
      },
    )
    clientRequest.setTimeout(10_000, () =>
      clientRequest.destroy(new Error(`no answer to ${req.method} ${req.path}`)),
    )
    clientRequest.on('error', reject)
    clientRequest.end(req.body)
  })
}
