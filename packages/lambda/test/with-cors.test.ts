import { createLiveCors, isCorsConfigError } from '@crossway/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { withCors } from '../src/index'
import { functionUrlEvent, httpApiV2Event, restApiEvent, withHeaders } from './fixtures/events'

const APP = 'https://app.example.com'
const EVIL = 'https://evil.example'
const LIST = { origin: [APP], credentials: true, exposedHeaders: ['x-total'] }
const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 1000 }

const rest = (method: string, headers: Record<string, string | string[]> = { Origin: APP }, path?: string) =>
  withHeaders(restApiEvent, method, headers, path)
const url = (method: string, headers: Record<string, string | string[]> = { origin: APP }, path?: string) =>
  withHeaders(functionUrlEvent, method, headers, path)

const preflightHeaders = { Origin: APP, 'Access-Control-Request-Method': 'PUT' }

afterEach(() => {
  vi.restoreAllMocks()
})

describe('preflights', () => {
  for (const [name, make] of [
    ['REST API', rest],
    ['function URL', url],
  ] as const) {
    it(`${name}: answered for any path without calling the handler`, async () => {
      const handler = vi.fn(async () => ({ statusCode: 200, body: 'handler' }))
      const wrapped = withCors(handler, LIST)
      for (const path of ['/', '/items', '/no/route/here']) {
        const result = await wrapped(make('OPTIONS', preflightHeaders, path), context)
        expect(result).toEqual({
          statusCode: 204,
          headers: {
            'access-control-allow-origin': APP,
            'access-control-allow-credentials': 'true',
            'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
            vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
          },
          body: '',
        })
      }
      expect(handler).not.toHaveBeenCalled()
    })

    it(`${name}: a refused preflight is a bare 403 and the handler does not run`, async () => {
      const handler = vi.fn(async () => ({ statusCode: 200, body: 'handler' }))
      const result = await withCors(handler, LIST)(
        make('OPTIONS', { ...preflightHeaders, Origin: EVIL }),
        context,
      )
      expect(result).toEqual({
        statusCode: 403,
        headers: {
          'content-length': '0',
          vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        },
        body: '',
      })
      expect(handler).not.toHaveBeenCalled()
    })
  }

  it('an OPTIONS without Access-Control-Request-Method reaches the handler', async () => {
    const handler = vi.fn(async () => ({ statusCode: 200, body: 'options' }))
    const result = await withCors(handler, LIST)(rest('OPTIONS'), context)
    expect(handler).toHaveBeenCalledOnce()
    expect(result).toMatchObject({ statusCode: 200, body: 'options' })
  })

  it('preflightContinue hands the preflight to the handler with the headers added', async () => {
    const handler = vi.fn(async () => ({ statusCode: 200, headers: { allow: 'GET, PUT' }, body: '' }))
    const result = await withCors(handler, { ...LIST, preflightContinue: true })(
      rest('OPTIONS', preflightHeaders),
      context,
    )
    expect(handler).toHaveBeenCalledOnce()
    expect(result).toMatchObject({
      statusCode: 200,
      headers: { allow: 'GET, PUT', 'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE' },
    })
  })

  it('an ALB-style 1.0 event with only multiValueHeaders is answered in multiValueHeaders', async () => {
    const { headers: _, ...event } = rest('OPTIONS', preflightHeaders)
    const result = await withCors(async () => ({ statusCode: 200 }), LIST)(
      { ...event, headers: null } as any,
      context,
    )
    expect(result).toMatchObject({
      statusCode: 204,
      multiValueHeaders: {
        'access-control-allow-origin': [APP],
        'access-control-allow-methods': [expect.any(String)],
      },
    })
    expect(result).not.toHaveProperty('headers')
  })

  it('a forged cross-site POST is refused with a 403 before the handler (csrf)', async () => {
    const handler = vi.fn(async () => ({ statusCode: 200, body: 'created' }))
    const forged = url('POST', { origin: EVIL, 'sec-fetch-site': 'cross-site', host: 'api.example.com' })
    const result = await withCors(handler, { origin: [APP], csrf: true })(forged, context)
    expect(result).toEqual({ statusCode: 403, headers: { 'content-length': '0', vary: 'Origin' }, body: '' })
    expect(handler).not.toHaveBeenCalled()
  })
})

describe('payload format 1.0 results', () => {
  it('headers only: the CORS headers go in `headers`, Vary merged', async () => {
    const handler = async () => ({
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain', Vary: 'Accept-Encoding' },
      body: 'ok',
    })
    expect(await withCors(handler, LIST)(rest('POST'), context)).toEqual({
      statusCode: 201,
      headers: {
        'Content-Type': 'text/plain',
        'access-control-allow-origin': APP,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'x-total',
        vary: 'Accept-Encoding, Origin',
      },
      body: 'ok',
    })
  })

  it('with multiValueHeaders: everything written goes there, and `headers` keeps no name twice', async () => {
    const handler = async () => ({
      statusCode: 200,
      headers: { 'content-type': 'text/plain', Vary: 'Accept-Encoding' },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'], vary: ['Cookie'] },
      body: 'ok',
    })
    const result = (await withCors(handler, LIST)(rest('GET'), context)) as any
    expect(result.headers).toEqual({ 'content-type': 'text/plain' })
    expect(result.multiValueHeaders).toEqual({
      'Set-Cookie': ['a=1', 'b=2'],
      'access-control-allow-origin': [APP],
      'access-control-allow-credentials': ['true'],
      'access-control-expose-headers': ['x-total'],
      vary: ['Cookie, Accept-Encoding, Origin'],
    })
  })

  it('keeps status, body, isBase64Encoded and any other field', async () => {
    const handler = async () => ({ statusCode: 200, body: 'aGk=', isBase64Encoded: true, extra: 1 })
    expect(await withCors(handler, LIST)(rest('GET'), context)).toMatchObject({
      statusCode: 200,
      body: 'aGk=',
      isBase64Encoded: true,
      extra: 1,
    })
  })

  it('a result API Gateway would refuse (not an object) is returned as it is', async () => {
    expect(await withCors(async () => 'hello', LIST)(rest('GET'), context)).toBe('hello')
    expect(await withCors(async () => undefined, LIST)(rest('GET'), context)).toBeUndefined()
  })

  it('a refused origin gets Vary and no CORS header', async () => {
    const result = await withCors(async () => ({ statusCode: 200, body: '' }), LIST)(
      rest('GET', { Origin: EVIL }),
      context,
    )
    expect(result).toEqual({ statusCode: 200, headers: { vary: 'Origin' }, body: '' })
  })

  it('Vary: * is left alone', async () => {
    const handler = async () => ({ statusCode: 200, headers: { Vary: '*' }, body: '' })
    expect(await withCors(handler, LIST)(rest('GET'), context)).toMatchObject({ headers: { vary: '*' } })
  })
})

describe('payload format 2.0 results', () => {
  it('structured: the CORS headers go in `headers`; cookies and the rest are kept', async () => {
    const handler = async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: ['session=1; HttpOnly'],
      body: '{}',
    })
    expect(await withCors(handler, LIST)(url('GET'), context)).toEqual({
      statusCode: 200,
      headers: {
        'content-type': 'application/json',
        'access-control-allow-origin': APP,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'x-total',
        vary: 'Origin',
      },
      cookies: ['session=1; HttpOnly'],
      body: '{}',
    })
  })

  // What the platform infers from a result without statusCode: 200, JSON, the result as the body.
  for (const [name, value, body] of [
    ['a string', 'Hello, world!', '"Hello, world!"'],
    ['an object', { message: 'hi', statusCode: undefined }, '{"message":"hi"}'],
    ['an array', [1, 2], '[1,2]'],
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['undefined (sent as null)', undefined, 'null'],
  ] as const) {
    it(`shorthand, ${name}: made explicit, the same response plus the headers`, async () => {
      expect(await withCors(async () => value, LIST)(url('GET'), context)).toEqual({
        statusCode: 200,
        headers: {
          'content-type': 'application/json',
          'access-control-allow-origin': APP,
          'access-control-allow-credentials': 'true',
          'access-control-expose-headers': 'x-total',
          vary: 'Origin',
        },
        body,
        isBase64Encoded: false,
      })
    })
  }

  it('ignores multiValueHeaders, which format 2.0 does not read', async () => {
    const handler = async () => ({ statusCode: 200, multiValueHeaders: { vary: ['Cookie'] }, body: '' })
    const result = (await withCors(handler, LIST)(url('GET'), context)) as any
    expect(result.headers).toMatchObject({ 'access-control-allow-origin': APP, vary: 'Origin' })
    expect(result.multiValueHeaders).toEqual({ vary: ['Cookie'] })
  })
})

describe('the handler’s own CORS headers', () => {
  it('are replaced by the policy’s, in any case and either field, never sent twice', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const handler = async () => ({
      statusCode: 200,
      headers: { 'Access-Control-Allow-Origin': '*', 'ACCESS-CONTROL-ALLOW-METHODS': 'GET' },
      multiValueHeaders: {
        'access-control-allow-origin': ['*'],
        'Access-Control-Expose-Headers': ['x-secret'],
      },
      body: '',
    })
    const result = (await withCors(handler, LIST)(rest('GET'), context)) as any
    expect(result.headers).toEqual({})
    expect(result.multiValueHeaders).toEqual({
      'access-control-allow-origin': [APP],
      'access-control-allow-credentials': ['true'],
      'access-control-expose-headers': ['x-total'],
      vary: ['Origin'],
    })
    expect(warn).toHaveBeenCalledOnce()
  })

  it('never grant what the policy refuses', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const handler = async () => ({
      statusCode: 200,
      headers: { 'access-control-allow-origin': '*' },
      body: '',
    })
    const result = await withCors(handler, LIST)(url('GET', { origin: EVIL }), context)
    expect(result).toEqual({ statusCode: 200, headers: { vary: 'Origin' }, body: '' })
  })

  it('make it warn once per cold start (per wrapped handler), naming the fix', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const wrapped = withCors(
      async () => ({ statusCode: 200, headers: { 'access-control-allow-origin': '*' } }),
      LIST,
    )
    await wrapped(url('GET'), context)
    await wrapped(url('GET'), context)
    await wrapped(url('GET', { origin: EVIL }), context)
    expect(warn).toHaveBeenCalledOnce()
    expect(warn.mock.calls[0]![0]).toMatch(/^crossway: .*Platform CORS/)
  })

  it('no warning when the handler sets none', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await withCors(async () => ({ statusCode: 200, headers: { 'x-access-control': 'no' } }), LIST)(
      url('GET'),
      context,
    )
    expect(warn).not.toHaveBeenCalled()
  })
})

describe('state never crosses requests (semantics.md §7a)', () => {
  it('a constant result shared by every request is never modified', async () => {
    const NOT_FOUND = Object.freeze({
      statusCode: 404,
      headers: Object.freeze({ 'content-type': 'text/plain' }),
      multiValueHeaders: Object.freeze({ vary: Object.freeze(['Accept']) }),
      body: 'Not Found',
    })
    const wrapped = withCors(async () => NOT_FOUND, { origin: [APP, 'https://other.example'] })
    const first = (await wrapped(rest('GET', { Origin: APP }), context)) as any
    const second = (await wrapped(rest('GET', { Origin: 'https://other.example' }), context)) as any
    expect(first.multiValueHeaders['access-control-allow-origin']).toEqual([APP])
    expect(second.multiValueHeaders['access-control-allow-origin']).toEqual(['https://other.example'])
    expect(NOT_FOUND.headers).toEqual({ 'content-type': 'text/plain' })
    expect(NOT_FOUND.multiValueHeaders).toEqual({ vary: ['Accept'] })
  })
})

describe('errors', () => {
  it('a throwing handler: the wrapper rejects with that very error (Lambda reports it)', async () => {
    const error = new Error('boom')
    await expect(withCors(async () => Promise.reject(error), LIST)(url('GET'), context)).rejects.toBe(error)
    const sync = () => {
      throw error
    }
    await expect(withCors(sync, LIST)(url('GET'), context)).rejects.toBe(error)
  })

  it('onError answers instead, and its result gets the CORS headers', async () => {
    const error = new Error('boom')
    const onError = vi.fn(async () => ({ statusCode: 500, body: 'sorry' }))
    const event = url('GET')
    const result = await withCors(async () => Promise.reject(error), LIST, { onError })(event, context)
    expect(onError).toHaveBeenCalledWith(error, event, context)
    expect(result).toMatchObject({
      statusCode: 500,
      body: 'sorry',
      headers: { 'access-control-allow-origin': APP },
    })
  })

  it('an error thrown by onError is rethrown', async () => {
    const second = new Error('onError failed too')
    const onError = () => {
      throw second
    }
    await expect(
      withCors(async () => Promise.reject(new Error('boom')), LIST, { onError })(url('GET'), context),
    ).rejects.toBe(second)
  })

  it('an origin function that throws: rejected, handler not run, nothing granted', async () => {
    const error = new Error('lookup failed')
    const handler = vi.fn(async () => ({ statusCode: 200 }))
    const origin = () => {
      throw error
    }
    await expect(withCors(handler, { origin })(url('GET'), context)).rejects.toBe(error)
    const onError = vi.fn(() => ({ statusCode: 503, body: 'try later' }))
    const answered = await withCors(handler, { origin }, { onError })(url('GET'), context)
    expect(answered).toEqual({ statusCode: 503, body: 'try later' })
    expect(handler).not.toHaveBeenCalled()
  })

  it('an async origin function that rejects goes the same way', async () => {
    const error = new Error('lookup failed')
    await expect(
      withCors(async () => ({ statusCode: 200 }), { origin: async () => Promise.reject(error) })(
        url('GET'),
        context,
      ),
    ).rejects.toBe(error)
  })
})

describe('the decision', () => {
  it('is synchronous for a static policy: the handler runs in the same tick as the call', () => {
    const handler = vi.fn(async () => ({ statusCode: 200 }))
    void withCors(handler, LIST)(url('GET'), context)
    expect(handler).toHaveBeenCalledOnce()
  })

  it('waits for an async origin function, which receives the event', async () => {
    const origin = vi.fn(async (value: string, _event: unknown) => value === APP)
    const handler = vi.fn(async () => ({ statusCode: 200 }))
    const event = url('GET')
    const pending = withCors(handler, { origin })(event, context)
    expect(handler).not.toHaveBeenCalled()
    expect(await pending).toMatchObject({ headers: { 'access-control-allow-origin': APP } })
    expect(origin).toHaveBeenCalledWith(APP, event)
  })

  it('follows a live policy’s reconfiguration', async () => {
    const live = createLiveCors({ origin: [APP] })
    const wrapped = withCors(async () => ({ statusCode: 200 }), live)
    expect(await wrapped(url('GET', { origin: EVIL }), context)).toEqual({
      statusCode: 200,
      headers: { vary: 'Origin' },
    })
    live.reconfigure({ origin: [EVIL] })
    expect(await wrapped(url('GET', { origin: EVIL }), context)).toMatchObject({
      headers: { 'access-control-allow-origin': EVIL },
    })
  })
})

describe('events that are not HTTP requests', () => {
  it('reach the handler untouched, and its result comes back untouched', async () => {
    const result = { warmed: true }
    const handler = vi.fn(async () => result)
    const warmer = { source: 'serverless-plugin-warmup' }
    expect(await withCors(handler, LIST)(warmer as any, context)).toBe(result)
    expect(handler).toHaveBeenCalledWith(warmer, context)
  })
})

describe('handler styles, refused when withCors() is called', () => {
  it('a callback-style handler (three parameters, not async)', () => {
    function legacy(_event: unknown, _context: unknown, callback: (e: null, r: unknown) => void) {
      callback(null, { statusCode: 200 })
    }
    expect(() => withCors(legacy as any, LIST)).toThrow(/takes a callback.*Node\.js 24/)
  })

  it('an async handler that merely declares a third parameter is accepted', () => {
    expect(() =>
      withCors(async (_event: unknown, _context: unknown, _callback: unknown) => ({ statusCode: 200 }), LIST),
    ).not.toThrow()
  })

  it('a response-streaming handler', () => {
    const streaming = Object.assign(async (_event: unknown, _stream: unknown, _context: unknown) => {}, {
      [Symbol.for('aws.lambda.runtime.handler.streaming')]: 'response',
    })
    expect(() => withCors(streaming as any, LIST)).toThrow(/response-streaming/)
  })

  it('no handler at all', () => {
    expect(() => withCors(undefined as any, LIST)).toThrow(TypeError)
    expect(() => withCors(LIST as any)).toThrow(/first argument/)
  })
})

describe('configuration errors, thrown when withCors() is called', () => {
  const handler = async () => ({ statusCode: 200 })

  function configError(run: () => unknown) {
    try {
      run()
    } catch (error) {
      if (isCorsConfigError(error)) return error
      throw error
    }
    throw new Error('expected a CorsConfigError')
  }

  it('a bad policy', () => {
    expect(configError(() => withCors(handler, { origin: true as never })).code).toBe('invalid-option-type')
    expect(configError(() => withCors(handler, { origin: '*', credentials: true })).code).toBe(
      'credentials-with-wildcard',
    )
  })

  it('onError written into the policy says where it goes', () => {
    const error = configError(() =>
      withCors(handler, { origin: [APP], onError: () => ({ statusCode: 500 }) } as any),
    )
    expect(error.code).toBe('unknown-option')
    expect(error.message).toMatch(/third argument, withCors\(handler, policy, \{ onError \}\)/)
  })

  it('an unknown Lambda option, a misspelt one, a policy option in the wrong place', () => {
    expect(configError(() => withCors(handler, {}, { onerror: () => undefined } as any)).message).toMatch(
      /write onError/,
    )
    const misplaced = configError(() => withCors(handler, undefined, { origin: [APP] } as any))
    expect(misplaced.issues).toMatchObject([{ code: 'unknown-option', path: 'origin' }])
    expect(misplaced.message).toMatch(/second argument/)
  })

  it('onError that is not a function; a third argument that is not an object', () => {
    expect(configError(() => withCors(handler, {}, { onError: 'log' } as any)).issues).toMatchObject([
      { code: 'invalid-option-type', path: 'onError' },
    ])
    expect(configError(() => withCors(handler, {}, 'onError' as any)).code).toBe('invalid-option-type')
  })

  it('never per invocation: a wrapped handler with a valid policy never throws a config error', async () => {
    const wrapped = withCors(handler, LIST)
    for (const event of [
      url('GET', { origin: 'x'.repeat(5000) }),
      rest('OPTIONS', { Origin: '\u0000' }),
      httpApiV2Event,
    ]) {
      await expect(wrapped(event as any, context)).resolves.toBeDefined()
    }
  })
})
