import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { type FrontDoor, type RunningBridge, startBridge } from '../../../examples/lambda/bridge.js'
import { withCors } from '../src/index'

const APP = 'https://app.example.com'
const LIST = { origin: [APP], credentials: true }

interface Wire {
  status: number
  /** Every header line as received: [lower-case name, value]. */
  lines: [string, string][]
  body: string
}

/** Sends a raw request; `headers` as [name, value] lines so a name can repeat or keep its case. */
function send(base: string, method: string, path: string, headers: [string, string][] = []): Promise<Wire> {
  return new Promise((resolve, reject) => {
    // Raw lines (an array) keep repeats and case; Node then adds no Host of its own.
    const lines = [['Host', new URL(base).host], ...headers].flat()
    const req = http.request(`${base}${path}`, { method, agent: false, headers: lines as any }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk) => chunks.push(chunk))
      res.on('end', () => {
        const lines: [string, string][] = []
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          lines.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!])
        resolve({ status: res.statusCode!, lines, body: Buffer.concat(chunks).toString('utf8') })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

const valuesOf = (wire: Wire, name: string) => wire.lines.filter(([n]) => n === name).map(([, v]) => v)

let running: RunningBridge[] = []
async function serve(handler: (event: any, context: any) => unknown, front: FrontDoor) {
  const bridge = await startBridge(handler, { front, log: () => {} })
  running.push(bridge)
  return bridge.url
}
afterEach(async () => {
  await Promise.all(running.map((bridge) => bridge.close()))
  running = []
})

describe('the events the bridge makes', () => {
  it('REST API: names as sent, the last line in `headers`, every line in `multiValueHeaders`', async () => {
    let seen: any
    const base = await serve((event) => {
      seen = event
      return { statusCode: 204 }
    }, 'rest-api')
    await send(base, 'GET', '/a/b?x=1&x=2', [
      ['X-Trace', 'one'],
      ['x-trace', 'two'],
      ['Cookie', 'a=1; b=2'],
    ])
    expect(seen).toMatchObject({
      httpMethod: 'GET',
      path: '/a/b',
      headers: { 'X-Trace': 'two', Cookie: 'a=1; b=2' },
      multiValueHeaders: { 'X-Trace': ['one', 'two'] },
      queryStringParameters: { x: '2' },
      multiValueQueryStringParameters: { x: ['1', '2'] },
      body: null,
      isBase64Encoded: false,
    })
    expect(seen.version).toBeUndefined()
  })

  for (const front of ['http-api', 'function-url'] as const) {
    it(`${front}: lower-cased names, lines joined with ",", cookies moved out of the headers`, async () => {
      let seen: any
      const base = await serve((event) => {
        seen = event
        return { statusCode: 204 }
      }, front)
      await send(base, 'PUT', '/a?x=1&x=2', [
        ['X-Trace', 'one'],
        ['x-trace', 'two'],
        ['Cookie', 'a=1; b=2'],
      ])
      expect(seen).toMatchObject({
        version: '2.0',
        rawPath: '/a',
        rawQueryString: 'x=1&x=2',
        cookies: ['a=1', 'b=2'],
        headers: { 'x-trace': 'one,two' },
        queryStringParameters: { x: '1,2' },
        requestContext: { http: { method: 'PUT', path: '/a' } },
      })
      expect(seen.headers.cookie).toBeUndefined()
    })
  }
})

describe('what the platforms send back', () => {
  it('a thrown error: the platform’s own page, without CORS headers (REST 502, HTTP API 500, function URL 502)', async () => {
    const expected = { 'rest-api': 502, 'http-api': 500, 'function-url': 502 } as const
    for (const front of ['rest-api', 'http-api', 'function-url'] as const) {
      const handler = withCors(async () => Promise.reject(new Error('boom')), LIST)
      const wire = await send(await serve(handler, front), 'GET', '/', [['Origin', APP]])
      expect(wire.status, front).toBe(expected[front])
      expect(
        wire.lines.filter(([name]) => name.startsWith('access-control-')),
        front,
      ).toEqual([])
    }
  })

  it('…and with onError, a 500 the browser can read', async () => {
    const onError = () => ({ statusCode: 500, body: 'sorry' })
    for (const front of ['rest-api', 'http-api', 'function-url'] as const) {
      const handler = withCors(async () => Promise.reject(new Error('boom')), LIST, { onError })
      const wire = await send(await serve(handler, front), 'GET', '/', [['Origin', APP]])
      expect(wire.status).toBe(500)
      expect(valuesOf(wire, 'access-control-allow-origin')).toEqual([APP])
    }
  })

  it('REST API merges the two header fields: a pair in both once, other values twice', async () => {
    const base = await serve(
      () => ({
        statusCode: 200,
        headers: { a: '1', b: '1' },
        multiValueHeaders: { a: ['1'], B: ['2'] },
        body: '',
      }),
      'rest-api',
    )
    const wire = await send(base, 'GET', '/')
    expect(valuesOf(wire, 'a')).toEqual(['1'])
    expect(valuesOf(wire, 'b')).toEqual(['2', '1'])
  })

  it('REST API: a result that is not a structured object is a 502', async () => {
    expect((await send(await serve(() => 'hello', 'rest-api'), 'GET', '/')).status).toBe(502)
  })

  it('2.0 shorthand: a 200 JSON response whose body is the result as JSON', async () => {
    for (const front of ['http-api', 'function-url'] as const) {
      const wire = await send(await serve(async () => 'Hello, world!', front), 'GET', '/')
      expect(wire).toMatchObject({ status: 200, body: '"Hello, world!"' })
      expect(valuesOf(wire, 'content-type')).toEqual(['application/json'])
    }
  })

  it('2.0 cookies become Set-Cookie lines', async () => {
    const base = await serve(() => ({ statusCode: 200, cookies: ['a=1; Path=/', 'b=2'] }), 'function-url')
    expect(valuesOf(await send(base, 'GET', '/'), 'set-cookie')).toEqual(['a=1; Path=/', 'b=2'])
  })
})

describe('withCors on the wire', () => {
  it('2.0 shorthand: the same status, type and body as without withCors, plus the CORS headers', async () => {
    for (const value of ['Hello, world!', { message: 'hi' }, [1, 2], null]) {
      const plain = await send(await serve(async () => value, 'function-url'), 'GET', '/', [['Origin', APP]])
      const wrapped = await send(
        await serve(
          withCors(async () => value, LIST),
          'http-api',
        ),
        'GET',
        '/',
        [['Origin', APP]],
      )
      expect(wrapped.status).toBe(plain.status)
      expect(wrapped.body).toBe(plain.body)
      expect(valuesOf(wrapped, 'content-type')).toEqual(valuesOf(plain, 'content-type'))
      expect(valuesOf(wrapped, 'access-control-allow-origin')).toEqual([APP])
      expect(valuesOf(wrapped, 'vary')).toEqual(['Origin'])
    }
  })

  it('REST API with both header fields: one Access-Control-Allow-Origin, one Vary line', async () => {
    const handler = withCors(
      async () => ({
        statusCode: 200,
        headers: { Vary: 'Accept-Encoding', 'Access-Control-Allow-Origin': '*' },
        multiValueHeaders: { vary: ['Cookie'], 'access-control-allow-origin': ['*'] },
        body: 'ok',
      }),
      LIST,
    )
    const original = console.warn
    console.warn = () => {}
    try {
      const wire = await send(await serve(handler, 'rest-api'), 'GET', '/', [['Origin', APP]])
      expect(valuesOf(wire, 'access-control-allow-origin')).toEqual([APP])
      expect(valuesOf(wire, 'vary')).toEqual(['Cookie, Accept-Encoding, Origin'])
    } finally {
      console.warn = original
    }
  })

  it('2.0 cookies survive, one Set-Cookie line each', async () => {
    const handler = withCors(async () => ({ statusCode: 200, cookies: ['a=1', 'b=2'], body: '' }), LIST)
    const wire = await send(await serve(handler, 'function-url'), 'GET', '/', [['Origin', APP]])
    expect(valuesOf(wire, 'set-cookie')).toEqual(['a=1', 'b=2'])
    expect(valuesOf(wire, 'access-control-allow-credentials')).toEqual(['true'])
  })

  it('a REST API event whose header names come in the client’s case', async () => {
    const handler = withCors(async () => ({ statusCode: 200, body: '' }), LIST)
    const wire = await send(await serve(handler, 'rest-api'), 'OPTIONS', '/any', [
      ['ORIGIN', APP],
      ['Access-Control-Request-Method', 'PUT'],
    ])
    expect(wire.status).toBe(204)
    expect(valuesOf(wire, 'access-control-allow-origin')).toEqual([APP])
  })
})
