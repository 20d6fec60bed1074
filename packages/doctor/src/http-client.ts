// One HTTP exchange, the way the doctor needs it: no redirect following (Fetch decides what a
// redirect means, not the client), no connection reuse (each request is what a fresh browser
// sends), the response's header lines kept one by one (two `Access-Control-Allow-Origin` lines
// from two stacked layers are a finding, not a detail), and the peer's IP address (which
// address space the server is in, for Local Network Access).
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

/** A request as sent: header names as written. */
export interface SentRequest {
  method: string
  url: string
  headers: Record<string, string>
}

/** A response as received: lower-case header names; a name sent in several lines maps to an array. */
export interface ReceivedResponse {
  status: number
  headers: Record<string, string | string[]>
}

/** A response plus what the report does not show. */
export interface Exchange {
  sent: SentRequest
  received: ReceivedResponse
  /** Every line of `name` (lower-case), in order. */
  lines(name: string): string[]
  remoteAddress: string | undefined
}

/** Why the probe could not be made (exit status 2). */
export class DoctorError extends Error {
  constructor(
    readonly code: 'bad-request' | 'network',
    message: string,
  ) {
    super(message)
    this.name = 'DoctorError'
  }
}

const MAX_BODY = 1 << 20

export function send(sent: SentRequest, timeoutMs: number): Promise<Exchange> {
  const url = new URL(sent.url)
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: sent.method,
        headers: sent.headers,
        agent: false,
        // Browsers verify certificates; so does the doctor (NODE_EXTRA_CA_CERTS adds a dev CA).
        timeout: timeoutMs,
      },
      (res) => {
        const raw = res.rawHeaders
        const byName = new Map<string, string[]>()
        for (let i = 0; i + 1 < raw.length; i += 2) {
          const name = (raw[i] as string).toLowerCase()
          const list = byName.get(name) ?? []
          list.push(raw[i + 1] as string)
          byName.set(name, list)
        }
        const headers: Record<string, string | string[]> = {}
        for (const [name, values] of byName)
          headers[name] = values.length === 1 ? (values[0] as string) : values
        const remoteAddress = res.socket?.remoteAddress
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          // The body is never inspected: CORS is decided on the status and headers alone.
          if (size > MAX_BODY) res.destroy()
        })
        const done = () =>
          resolve({
            sent,
            received: { status: res.statusCode ?? 0, headers },
            lines: (name) => byName.get(name) ?? [],
            remoteAddress,
          })
        res.on('end', done)
        res.on('close', done)
        res.on('error', done)
      },
    )
    req.on('timeout', () => {
      req.destroy(new DoctorError('network', `${sent.method} ${sent.url}: no answer within ${timeoutMs} ms`))
    })
    req.on('error', (error) => {
      reject(
        error instanceof DoctorError
          ? error
          : new DoctorError('network', `${sent.method} ${sent.url}: ${(error as Error).message}`),
      )
    })
    req.end()
  })
}
