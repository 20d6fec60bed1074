// A small CORS server of our own for the engine-specific cases: it answers with exactly the
// header each case needs (a given Access-Control-Max-Age, `Access-Control-Allow-Headers: *`,
// a cookie with given attributes) and counts every request by path and method, so a case can
// tell from the server's side whether a preflight was sent or reused and whether the actual
// request arrived. It measures the browsers, not Crossway: the examples cover Crossway.
//
// It listens on 127.0.0.1 and is reached both as http://localhost:P (the same site as the
// page, http://localhost:PAGE) and as http://127.0.0.1:P (another site).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

/** What the lab saw on one path: requests per method, and what the last preflight announced. */
export interface LabSeen {
  methods: Record<string, number>
  requestHeaders?: string
  authorization?: string
}

export async function startLab(allowedOrigin: string) {
  const seenByPath = new Map<string, LabSeen>()

  function answer(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://lab')
    if (url.pathname === '/__lab-stats') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      return res.end(JSON.stringify(seenByPath.get(url.searchParams.get('path') ?? '') ?? { methods: {} }))
    }
    const seen = seenByPath.get(url.pathname) ?? { methods: {} }
    const method = req.method ?? ''
    seen.methods[method] = (seen.methods[method] ?? 0) + 1
    if (method === 'OPTIONS') seen.requestHeaders = req.headers['access-control-request-headers']
    else if (req.headers.authorization) seen.authorization = req.headers.authorization
    seenByPath.set(url.pathname, seen)

    const p = url.searchParams
    const headers: Record<string, string> = { 'content-type': 'application/json', vary: 'origin' }
    if (req.headers.origin === allowedOrigin) {
      headers['access-control-allow-origin'] = allowedOrigin
      headers['access-control-allow-credentials'] = 'true'
    }
    if (req.method === 'OPTIONS') {
      headers['access-control-allow-methods'] = 'GET, PUT'
      headers['access-control-allow-headers'] = p.get('allowHeaders') ?? 'content-type'
      if (p.has('maxAge')) headers['access-control-max-age'] = p.get('maxAge') ?? ''
      if (p.has('vary')) headers.vary = p.get('vary') ?? ''
      if (p.has('allowMethods')) headers['access-control-allow-methods'] = p.get('allowMethods') ?? ''
      res.writeHead(204, { ...headers, 'content-length': '0' })
      return res.end()
    }
    if (p.has('setCookie')) headers['set-cookie'] = `lab_${p.get('name')}=yes; Path=/; ${p.get('setCookie')}`
    res.writeHead(200, headers)
    res.end(JSON.stringify({ cookie: req.headers.cookie ?? null }))
    req.resume()
  }

  const server = createServer(answer)
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
