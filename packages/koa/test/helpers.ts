import http from 'node:http'
import {
  type ConformanceResponse,
  type ListeningServer,
  listen as listenOn,
  sendHttp,
} from '@crossway/conformance'
import Koa from 'koa'
import Koa2 from 'koa2'

/** Both supported Koa majors: every adapter test runs against each. */
export const koaMajors = [
  { name: 'koa 3', Koa },
  { name: 'koa 2', Koa: Koa2 },
] as const

export type KoaClass = typeof Koa

export { varyTokens } from '@crossway/conformance'

export type WireResponse = ConformanceResponse

/** Listens on 127.0.0.1, port 0; `close` ends the server and its connections. */
export function listen(app: Koa<any, any>): Promise<ListeningServer> {
  return listenOn(http.createServer(app.callback()))
}

/** One raw HTTP/1.1 request, no connection reuse, headers exactly as given. */
export function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string | string[]> = {},
): Promise<WireResponse> {
  return sendHttp(url, { method, path, headers })
}
