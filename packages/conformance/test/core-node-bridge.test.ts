import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createCors } from '@crossway/core'
import type { Harness, RunningApp } from '../src/index'
import { createWebApp, runConformance, webPathSkips } from '../src/index'

/**
 * The core's Web path behind a real socket: the smallest Node bridge a fetch runtime would
 * be. A thrown route error makes `handle` reject, and the bridge answers 500 as a runtime does.
 */
async function startBridge(
  policy: Parameters<typeof createCors>[0],
  routes: Parameters<typeof createWebApp>[0],
) {
  const cors = createCors(policy)
  const app = createWebApp(routes)
  const server = http.createServer(async (req, res) => {
    let response: Response
    try {
      response = await cors.handle(await toRequest(req), app)
    } catch {
      response = new Response('Internal Server Error', { status: 500 })
    }
    const lines = new Map<string, string[]>()
    for (const [name, value] of response.headers) lines.set(name, [...(lines.get(name) ?? []), value])
    res.statusCode = response.status
    for (const [name, values] of lines) res.setHeader(name, values)
    res.end(Buffer.from(await response.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  } satisfies RunningApp
}

async function toRequest(req: http.IncomingMessage): Promise<Request> {
  const headers = new Headers()
  // rawHeaders keeps every line, so repeated headers reach `Headers` as separate appends.
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const body =
    chunks.length > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined
  return new Request(new URL(req.url ?? '/', `http://${req.headers.host}`), {
    method: req.method,
    headers,
    body,
  })
}

const harness: Harness = {
  name: 'core: Web path behind a node:http bridge',
  start: startBridge,
  skip: webPathSkips,
}

runConformance(harness)
