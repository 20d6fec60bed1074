import http from 'node:http'
import {
  type ConformanceResponse,
  type ListeningServer,
  listen as listenOn,
  sendHttp,
} from '@crossway/conformance'

export { varyTokens } from '@crossway/conformance'

/** A response as the tests read it: lower-case names, repeated lines joined with `, `. */
export type Reply = ConformanceResponse

/** Starts `listener` (an Express app) on 127.0.0.1, port 0. */
export function listen(listener: http.RequestListener): Promise<ListeningServer> {
  return listenOn(http.createServer(listener))
}

/** One raw request, no connection reuse, so every test sees exactly what the server wrote. */
export function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string | string[]> = {},
): Promise<Reply> {
  return sendHttp(url, { method, path, headers })
}
