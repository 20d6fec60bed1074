import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'

export interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

export type Send = (method: string, path: string, headers?: Record<string, string>) => Promise<Answer>

/**
 * Starts `app` on a real port and returns a sender that writes `path` byte for byte (no URL
 * normalisation, so `//admin` and `/adm%69n` reach Fastify as written), on a fresh connection.
 */
export async function serve(app: FastifyInstance): Promise<Send> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  return (method, path, headers = {}) =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        )
      })
      req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${method} ${path}`)))
      req.on('error', reject)
      req.end()
    })
}

/** A preflight announcing `method` from `origin`. */
export function preflightOf(send: Send, path: string, origin: string, method = 'GET', extra = {}) {
  return send('OPTIONS', path, { origin, 'access-control-request-method': method, ...extra })
}
