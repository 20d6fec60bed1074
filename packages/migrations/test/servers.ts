// How each peer's app is started for the comparison: the same way for the old app and the
// migrated one, so that only the CORS middleware differs between them.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ListeningServer, listen } from '@crossway/conformance'
import { NextRequest } from 'next/server'

type Module = Record<string, any>

export type Peer = 'cors' | 'fastify-cors' | 'koa-cors' | 'nest-enable-cors' | 'hono-cors' | 'next-middleware'

/** Starts the app a guide's snippet exports, on 127.0.0.1 with an ephemeral port. */
export const start: Record<Peer, (mod: Module) => Promise<ListeningServer>> = {
  cors: (mod) => listen(http.createServer(mod.app)),
  'fastify-cors': async (mod) => {
    await mod.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = mod.app.server.address() as AddressInfo
    return { url: `http://127.0.0.1:${port}`, close: () => mod.app.close() }
  },
  'koa-cors': (mod) => {
    mod.app.silent = true // the thrown test error is expected; keep it out of the output
    return listen(http.createServer(mod.app.callback()))
  },
  'nest-enable-cors': async (mod) => {
    const app = await mod.createApp()
    await app.listen(0, '127.0.0.1')
    const { port } = app.getHttpServer().address() as AddressInfo
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() }
  },
  'hono-cors': (mod) => serveFetch((request) => mod.default.fetch(request)),
  'next-middleware': (mod) => serveNext(mod),
}

/** A fetch handler behind `node:http`: what `@hono/node-server` or `Bun.serve` do, in a few lines. */
export function serveFetch(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<ListeningServer> {
  const server = http.createServer(async (req, res) => {
    const headers = new Headers()
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers })
    try {
      const response = await fetch(request)
      const out: Record<string, string> = {}
      response.headers.forEach((value, name) => {
        out[name] = value
      })
      res.writeHead(response.status, out)
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch {
      res.writeHead(500).end('Internal Server Error')
    }
  })
  return listen(server)
}

// The app routes of a Next app (app/api/items/route.ts, app/api/fail/route.ts), the same for
// the old and the migrated middleware.
const nextRoutes: Record<string, Record<string, () => Response>> = {
  '/api/items': {
    GET: () => Response.json(['a', 'b'], { headers: { 'x-total-count': '2' } }),
    POST: () => Response.json({ id: 3 }, { status: 201 }),
  },
  '/api/fail': {
    GET: () => {
      throw new Error('boom')
    },
  },
}

/**
 * Next's middleware contract over real HTTP: the middleware runs for paths its `matcher`
 * matches; a response it returns is the answer, unless it is `NextResponse.next()`, whose
 * headers Next copies onto the route's response. Routes answer as Next's app router does: a
 * throw is a bare 500, an unknown path 404, and an `OPTIONS` with no handler 204 with `Allow`.
 */
function serveNext(mod: Module): Promise<ListeningServer> {
  if (mod.config?.matcher !== '/api/:path*') throw new Error('the Next snippets use matcher /api/:path*')
  return serveFetch(async (request) => {
    const path = new URL(request.url).pathname
    const middlewareResponse: Response | undefined = path.startsWith('/api/')
      ? await mod.middleware(new NextRequest(request))
      : undefined
    if (middlewareResponse && middlewareResponse.headers.get('x-middleware-next') !== '1')
      return middlewareResponse
    const route = nextRoutes[path]
    let response: Response
    if (!route) response = new Response('Not Found', { status: 404 })
    else if (route[request.method]) {
      try {
        response = route[request.method]!()
      } catch {
        response = new Response(null, { status: 500 })
      }
    } else if (request.method === 'OPTIONS') {
      response = new Response(null, {
        status: 204,
        headers: { allow: [...Object.keys(route), 'OPTIONS'].join(', ') },
      })
    } else response = new Response(null, { status: 405 })
    if (middlewareResponse) {
      middlewareResponse.headers.forEach((value, name) => {
        if (!name.startsWith('x-middleware-')) response.headers.set(name, value)
      })
    }
    return response
  })
}
