import net from 'node:net'

/**
 * A TCP relay in front of the Astro server that runs `beforeResponse` once per connection,
 * before the first response byte reaches the client: the harness replays the server's
 * rejections into the suite's recorder there, so they are in place when the runner, having
 * read the response, checks them. Bytes pass through untouched both ways (raw-socket cases
 * included); the runner sends one request per connection.
 */
export function startRelay(
  targetPort: number,
  beforeResponse: () => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1')
    sockets.add(client).add(upstream)
    let first = true
    client.on('data', (chunk: Buffer) => upstream.write(chunk))
    upstream.on('data', (chunk: Buffer) => {
      if (first) {
        first = false
        beforeResponse()
      }
      client.write(chunk)
    })
    upstream.on('end', () => client.end())
    client.on('end', () => upstream.end())
    client.on('error', () => upstream.destroy()).on('close', () => sockets.delete(client))
    upstream.on('error', () => client.destroy()).on('close', () => sockets.delete(upstream))
  })
  return new Promise((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      resolveListen({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}
