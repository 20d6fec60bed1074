import type http from 'node:http'
import type { AddressInfo } from 'node:net'

/** A started test server: its base URL and a `close` that also ends open connections. */
export interface ListeningServer {
  readonly url: string
  readonly close: () => Promise<void>
}

/**
 * Starts `server` on 127.0.0.1 with an ephemeral port, for harnesses and adapter tests.
 *
 * @example
 * const { url, close } = await listen(http.createServer(app.callback()))
 */
export async function listen(server: http.Server): Promise<ListeningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
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

/** `Vary` as sorted, lower-cased tokens, so tests compare tokens rather than spelling. */
export function varyTokens(value: string | undefined): string[] {
  if (value === undefined) return []
  return value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)
    .sort()
}
