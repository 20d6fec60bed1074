import net from 'node:net'

/**
 * A TCP relay in front of a server, byte for byte in both directions, that runs
 * `beforeResponse` just before it forwards the first byte of each response. The conformance
 * runner reads `onReject` calls as soon as a response has arrived; the server records them in a
 * file before it answers, so replaying that file here keeps the runner's checks exact. The runner
 * sends one request per connection (`agent: false`, or `Connection: close` raw).
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
