import { createServer, type Server } from 'node:http'
import type { Handler } from '../corpus'

/** Serves one handler on 127.0.0.1 (a fresh port); `close` ends every connection. */
export async function serve(handler: Handler): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
