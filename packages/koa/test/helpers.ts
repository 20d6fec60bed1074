import { request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Koa from 'koa'
import Koa2 from 'koa2'

/** Both supported Koa majors: every adapter test runs against each. */
export const koaMajors = [
  { name: 'koa 3', Koa },
  { name: 'koa 2', Koa: Koa2 },
] as const

export type KoaClass = typeof Koa

export interface WireResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** Listens on 127.0.0.1, port 0; `close` ends the server and its connections. */
export async function listen(app: Koa<any, any>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}

/** One raw HTTP/1.1 request, no connection reuse, headers exactly as given. */
export function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string | string[]> = {},
): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const out: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v
        }
        resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8') })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

/** `Vary` as a sorted, lower-cased token list, so tests compare tokens, not spelling. */
export function varyTokens(value: string | undefined): string[] {
  if (value === undefined) return []
  return value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)
    .sort()
}
