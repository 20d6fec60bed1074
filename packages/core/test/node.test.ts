import { createServer, type IncomingMessage, request, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { createCors } from '../src/index'
import {
  claimNodeRequest,
  claimRequest,
  decideNode,
  keepReplyVary,
  keepVary,
  runCors,
  settleDecision,
  writeDecision,
} from '../src/node'

const A = 'https://a.example.com'

/** A ServerResponse-shaped object that records what is written to it. */
function fakeResponse() {
  const headers = new Map<string, string | number | readonly string[]>()
  return {
    statusCode: 200,
    ended: false,
    headers,
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), value)
      return this
    },
    getHeader(name: string) {
      return headers.get(name.toLowerCase())
    },
    end() {
      this.ended = true
    },
  }
}

const req = (method: string, headers: Record<string, string | string[]>) => ({ method, headers })

describe('@crossway/core/node', () => {
  it('decideNode reads the five headers and joins repeated lines as Node does', () => {
    const policy = createCors({ origin: [A] })
    const d = decideNode(policy, 'GET', { origin: A }, null)
    expect(d).toMatchObject({ kind: 'actual', allowed: true })
    // Two Origin lines are never a browser's: refused (§1), also when handed over as an array.
    expect(decideNode(policy, 'GET', { origin: [A, A] }, null)).toMatchObject({ allowed: false })
  })

  it('writeDecision writes the pairs and merges Vary into the response’s own', () => {
    const res = fakeResponse()
    res.setHeader('Vary', 'Accept-Encoding')
    writeDecision(res, createCors({ origin: [A] }).decide('GET', A, undefined, undefined, undefined, null))
    expect(res.getHeader('access-control-allow-origin')).toBe(A)
    expect(res.getHeader('vary')).toBe('Accept-Encoding, Origin')
  })

  it('keepVary merges every later Vary write on this response only, leaving the prototype alone', async () => {
    const seen: string[] = []
    const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
      if (_req.url === '/kept') {
        res.setHeader('vary', 'Origin')
        keepVary(res, 'Origin')
        res.setHeader('Vary', 'Accept-Encoding')
        res.writeHead(200, { vary: 'Cookie' })
      } else {
        res.setHeader('Vary', 'Accept-Encoding')
      }
      seen.push(String(res.getHeader('vary')))
      res.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    const get = (path: string) =>
      new Promise<string | undefined>((resolve, reject) => {
        request({ port, host: '127.0.0.1', path, agent: false }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.headers.vary))
        })
          .on('error', reject)
          .end()
      })
    try {
      expect(await get('/kept')).toBe('Cookie, Origin')
      expect(await get('/plain')).toBe('Accept-Encoding')
      expect(Object.hasOwn(ServerResponse.prototype, Symbol.for('crossway.setHeader'))).toBe(false)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('keepVary twice on one response neither loops nor drops a layer', () => {
    const res = fakeResponse()
    keepVary(res, 'Origin')
    keepVary(res, 'Origin')
    keepVary(res, 'Access-Control-Request-Method')
    res.setHeader('Vary', 'Accept')
    expect(res.getHeader('vary')).toBe('Accept, Origin, Access-Control-Request-Method')
  })

  it('keepVary leaves Vary: * alone (§6)', () => {
    const res = fakeResponse()
    keepVary(res, 'Origin')
    res.setHeader('Vary', '*')
    expect(res.getHeader('vary')).toBe('*')
  })

  it('keepReplyVary merges every later Vary a Fastify-style reply takes, through its own header()', () => {
    class Reply {
      readonly headers = new Map<string, unknown>()
      header(name: string, value: unknown) {
        this.headers.set(name.toLowerCase(), value)
        return this
      }
      // Fastify's bulk setter goes through header(), so it is kept too.
      setMany(all: Record<string, unknown>) {
        for (const [name, value] of Object.entries(all)) this.header(name, value)
        return this
      }
    }
    const reply = new Reply()
    reply.header('vary', 'Origin')
    keepReplyVary(reply, 'Origin')
    keepReplyVary(reply, 'Origin')
    expect(reply.header('Vary', 'Accept-Encoding')).toBe(reply)
    expect(reply.headers.get('vary')).toBe('Accept-Encoding, Origin')
    reply.setMany({ VARY: 'Cookie', 'content-type': 'text/plain' })
    expect(reply.headers.get('vary')).toBe('Cookie, Origin')
    reply.header('vary', '*')
    expect(reply.headers.get('vary')).toBe('*')
    // Per reply: the class and other replies are untouched.
    const other = new Reply().header('Vary', 'Accept')
    expect(other.headers.get('vary')).toBe('Accept')
    expect(Object.hasOwn(Reply.prototype, Symbol.for('crossway.header'))).toBe(false)
  })

  it('keepReplyVary keeps a wrapper the reply already had, and calls it after merging', () => {
    const seen: unknown[] = []
    const reply = {
      header(name: string, value: unknown) {
        seen.push([name, value])
        return this
      },
    }
    keepReplyVary(reply, 'Origin')
    reply.header('vary', 'Accept')
    expect(seen).toEqual([['vary', 'Accept, Origin']])
  })

  it('claimRequest lets only the first Crossway middleware decide a request', () => {
    const r = {}
    expect(claimRequest(r)).toBe(true)
    expect(claimRequest(r)).toBe(false)
    expect(claimRequest({})).toBe(true)
  })

  it('claimNodeRequest marks Express’s res.locals, not its req, and falls back to the request', () => {
    // Express gives every res a `locals` dictionary: both middlewares of one request see it.
    const r = {}
    const res = { locals: Object.create(null) as object }
    expect(claimNodeRequest(r, res)).toBe(true)
    expect(claimNodeRequest(r, res)).toBe(false)
    expect(Object.getOwnPropertySymbols(r)).toEqual([])
    // Koa's and Fastify's raw response has none: the request carries the mark.
    const raw = {}
    expect(claimNodeRequest(raw, {})).toBe(true)
    expect(claimNodeRequest(raw, {})).toBe(false)
    expect(claimNodeRequest({}, { locals: null })).toBe(true)
  })

  it('claimNodeRequest is not fooled by a res.locals shared between requests', () => {
    const shared = {}
    const first = {}
    const second = {}
    expect(claimNodeRequest(first, { locals: shared })).toBe(true)
    expect(claimNodeRequest(first, { locals: shared })).toBe(false)
    // The next request, handed the same object, is decided afresh, and stacking still holds.
    expect(claimNodeRequest(second, { locals: shared })).toBe(true)
    expect(claimNodeRequest(second, { locals: shared })).toBe(false)
  })

  it('runCors answers a preflight itself: status, pairs (with Content-Length: 0 off 204), no next()', () => {
    const res = fakeResponse()
    const next = vi.fn()
    const policy = createCors({ origin: [A], optionsSuccessStatus: 200 })
    runCors(policy, req('OPTIONS', { origin: A, 'access-control-request-method': 'PUT' }), res, null, next)
    expect(next).not.toHaveBeenCalled()
    expect(res.ended).toBe(true)
    expect(res.statusCode).toBe(200)
    expect(res.getHeader('content-length')).toBe('0')
    expect(res.getHeader('access-control-allow-methods')).toBe('GET,HEAD,PUT,PATCH,POST,DELETE')
  })

  it('runCors stays synchronous for a static policy and continues with the headers written', () => {
    const res = fakeResponse()
    const next = vi.fn()
    expect(runCors(createCors({ origin: [A] }), req('GET', { origin: A }), res, null, next)).toBe(true)
    expect(next).toHaveBeenCalledWith()
    expect(res.getHeader('access-control-allow-origin')).toBe(A)
    res.setHeader('Vary', 'Accept')
    expect(res.getHeader('vary')).toBe('Accept, Origin')
  })

  it('runCors steps aside for a request another Crossway middleware decided', () => {
    const r = req('GET', { origin: A })
    const first = fakeResponse()
    runCors(createCors({ origin: [A] }), r, first, null, () => {})
    const second = fakeResponse()
    const next = vi.fn()
    expect(runCors(createCors({ origin: '*' }), r, second, null, next)).toBe(false)
    expect(next).toHaveBeenCalledWith()
    expect(second.headers.size).toBe(0)
  })

  it('runCors hands an origin function’s throw or rejection to next(error), granting nothing', async () => {
    const boom = new Error('lookup failed')
    const sync = fakeResponse()
    const syncNext = vi.fn()
    runCors(
      createCors({
        origin: () => {
          throw boom
        },
      }),
      req('GET', { origin: A }),
      sync,
      null,
      syncNext,
    )
    expect(syncNext).toHaveBeenCalledWith(boom)
    expect(sync.headers.size).toBe(0)

    const rejected = vi.fn()
    runCors(
      createCors({ origin: () => Promise.reject(undefined) }),
      req('GET', { origin: A }),
      fakeResponse(),
      null,
      rejected,
    )
    await vi.waitFor(() => expect(rejected).toHaveBeenCalled())
    expect((rejected.mock.calls[0]![0] as Error).message).toMatch(/rejected without a reason/)
  })

  it('settleDecision calls back at once for a value and after settling for a promise', async () => {
    const d = createCors({ origin: [A] }).decide('GET', A, undefined, undefined, undefined, null)
    const now = vi.fn()
    settleDecision(d, now, () => {})
    expect(now).toHaveBeenCalledWith(d)
    const later = vi.fn()
    settleDecision(Promise.resolve(d), later, () => {})
    expect(later).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(later).toHaveBeenCalledWith(d))
  })
})
