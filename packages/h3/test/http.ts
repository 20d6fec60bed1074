import http from 'node:http'
import { type ConformanceResponse, type ListeningServer, listen, sendHttp } from '@crossway/conformance'
import { type H3, toNodeHandler } from 'h3'
import { type App, toNodeListener } from 'h3v1'

export { varyTokens } from '@crossway/conformance'

export type Reply = ConformanceResponse

/** Serves an h3 2 app on node:http (127.0.0.1, port 0), through h3's own Node adapter. */
export function serveV2(app: H3): Promise<ListeningServer> {
  return listen(http.createServer(toNodeHandler(app)))
}

/** Serves an h3 1 app on node:http (127.0.0.1, port 0), through `toNodeListener`. */
export function serveV1(app: App): Promise<ListeningServer> {
  return listen(http.createServer(toNodeListener(app)))
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

/** Starts `server`, sends the requests one after another, closes it: the replies in order. */
export async function exchange(
  server: Promise<ListeningServer>,
  requests: ReadonlyArray<
    readonly [method: string, path: string, headers?: Record<string, string | string[]>]
  >,
): Promise<Reply[]> {
  const running = await server
  try {
    const replies: Reply[] = []
    for (const [method, path, headers] of requests)
      replies.push(await send(running.url, method, path, headers))
    return replies
  } finally {
    await running.close()
  }
}
