import { describe, expect, it, vi } from 'vitest'
import { type CorsOptions, createCors } from '../src/index'

const A = 'https://a.com'
const get = (cors: ReturnType<typeof createCors<unknown>>, request: unknown = { url: '/' }) =>
  cors.decide('GET', A, undefined, undefined, undefined, request)
const preflight = (cors: ReturnType<typeof createCors<unknown>>, request: unknown = { url: '/' }) =>
  cors.decide('OPTIONS', A, 'PUT', undefined, undefined, request)

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('did not throw')
}

const FIX =
  /crossway: the origin function called its second argument as a callback.*\(origin, request\) => ok/s

describe('cors-package-style callback origin functions (§2)', () => {
  // Written as `cors` users write them; the second argument is the request, not a callback.
  const styles: [string, CorsOptions['origin']][] = [
    ['an arrow', ((origin: string, callback: any) => callback(null, origin === A)) as never],
    [
      'a named function',
      function corsStyle(origin: string, cb: any) {
        cb(null, origin === A)
      } as never,
    ],
    ['a minified function', new Function('e', 't', 'return t(null,!0)') as never],
    [
      'a function with a comment in its parameters',
      ((_origin: string, /* (err, ok) */ done: any) => done(null, true)) as never,
    ],
  ]

  it.each(styles)(
    '%s: the error names the mistake and the fix, keeping the original as cause',
    (_, origin) => {
      const onReject = vi.fn()
      const cors = createCors({ origin, onReject })
      for (const call of [get, preflight]) {
        const error = thrown(() => call(cors)) as TypeError
        expect(error).toBeInstanceOf(TypeError)
        expect(error.message).toMatch(FIX)
        expect(error.cause).toBeInstanceOf(TypeError)
        expect((error.cause as Error).message).toMatch(/is not a function/)
      }
      expect(onReject).not.toHaveBeenCalled()
    },
  )

  it('async: the rejection is explained the same way', async () => {
    const onReject = vi.fn()
    const cors = createCors({
      origin: (async (origin: string, callback: any) => callback(null, origin === A)) as never,
      onReject,
    })
    const error = await (get(cors) as Promise<unknown>).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect((error as Error).message).toMatch(FIX)
    expect((error as Error).cause).toBeInstanceOf(TypeError)
    expect(onReject).not.toHaveBeenCalled()
  })

  it('builds a new error for every request: nothing one request saw reaches another', () => {
    const cors = createCors({ origin: ((o: string, cb: any) => cb(null, o)) as never })
    const first = thrown(() => get(cors, { id: 1 })) as Error
    const second = thrown(() => get(cors, { id: 2 })) as Error
    expect(first).not.toBe(second)
    expect(first.cause).not.toBe(second.cause)
  })

  it('explains the mistake on JavaScriptCore too (Bun): its message adds the call site', () => {
    const jsc = new TypeError(
      "callback is not a function. (In 'callback(null, true)', 'callback' is an instance of Request)",
    )
    const cors = createCors({
      origin: ((_o: string, callback: unknown) => {
        if (callback !== undefined) throw jsc
        return true
      }) as never,
    })
    const error = thrown(() => get(cors)) as Error
    expect(error.message).toMatch(FIX)
    expect(error.cause).toBe(jsc)
  })

  describe('leaves every other error alone', () => {
    it.each<[string, (origin: string, request: unknown) => boolean]>([
      [
        'another undefined function called by a two-parameter function',
        (origin, request) => (globalThis as any).lookupOrigin(origin, request),
      ],
      ['a one-parameter function', ((origin: string) => (origin as any)(null, true)) as never],
      [
        'an Error that is not a TypeError',
        (_origin, request) => {
          throw new Error(`request is not a function ${String(request)}`)
        },
      ],
    ])('%s', (_, origin) => {
      const onReject = vi.fn()
      const cors = createCors({ origin, onReject })
      const error = thrown(() => get(cors)) as Error
      expect(error.message).not.toMatch(/crossway/)
      expect(onReject).not.toHaveBeenCalled()
    })

    it('a thrown non-object and a rejection with one reach the framework as they are', async () => {
      const sync = createCors({
        origin: () => {
          throw 'down'
        },
      })
      expect(thrown(() => get(sync))).toBe('down')
      const async = createCors({ origin: (_o: string, _r: unknown) => Promise.reject(undefined) })
      await expect(get(async)).rejects.toBeUndefined()
    })
  })
})

describe('an origin function that fails grants nothing and is not a refusal (§2, §8)', () => {
  const failing: [string, CorsOptions['origin']][] = [
    [
      'throws',
      () => {
        throw new Error('db down')
      },
    ],
    ['rejects', async () => Promise.reject(new Error('db down'))],
  ]
  it.each(failing)(
    '%s: handle rejects with the error; next and onReject are not called',
    async (_, origin) => {
      const onReject = vi.fn()
      const cors = createCors({ origin, onReject })
      const next = vi.fn(() => new Response('app'))
      const actual = new Request('http://api.test/', { headers: { origin: A } })
      const pre = new Request('http://api.test/', {
        method: 'OPTIONS',
        headers: { origin: A, 'access-control-request-method': 'PUT' },
      })
      await expect(cors.handle(actual, next)).rejects.toThrow('db down')
      await expect(cors.handle(pre, next)).rejects.toThrow('db down')
      expect(next).not.toHaveBeenCalled()
      expect(onReject).not.toHaveBeenCalled()
    },
  )

  it('a function returning undefined (an async callback-style one that never calls back) denies', async () => {
    const onReject = vi.fn()
    const cors = createCors({ origin: (async () => undefined) as never, onReject })
    expect(await get(cors)).toMatchObject({ allowed: false, reason: 'origin', headers: [] })
    expect(onReject).toHaveBeenCalledTimes(1)
  })
})
