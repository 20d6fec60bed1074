import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { type CorsNext, createCors } from '../src/index'

// semantics.md §4, the Web path: `next` may return a Response or a promise of one — any
// thenable, from any realm — and anything else is a TypeError that names the mistake.

const A = 'https://a.com'
const cors = createCors({ origin: [A], credentials: true })
const asyncCors = createCors({ origin: async (o) => o === A, credentials: true })
const request = () => new Request('http://api.test/x', { headers: { origin: A } })
const appResponse = () => new Response('from the app', { status: 201, headers: { 'x-own': '1' } })

async function expectAppResponse(response: Response) {
  expect(response.status).toBe(201)
  expect(await response.text()).toBe('from the app')
  expect(response.headers.get('x-own')).toBe('1')
  expect(response.headers.get('access-control-allow-origin')).toBe(A)
  expect(response.headers.get('access-control-allow-credentials')).toBe('true')
  expect(response.headers.get('vary')).toBe('Origin')
}

describe('handle keeps the application response (§4)', () => {
  const results: [string, () => unknown][] = [
    ['a Response', () => appResponse()],
    ['a native promise', () => Promise.resolve(appResponse())],
    ['a promise from a vm context', () => runInNewContext('Promise.resolve(x)', { x: appResponse() })],
    [
      'a userland thenable',
      // A thenable is what the test is about: Promises/A+ says any object with `then` is one.
      // biome-ignore lint/suspicious/noThenProperty: the userland thenable under test
      () => ({ then: (resolve: (r: Response) => void) => setTimeout(() => resolve(appResponse()), 1) }),
    ],
    [
      'a vm promise that settles later',
      () =>
        runInNewContext('new Promise((r) => setTimeout(() => r(x), 1))', { x: appResponse(), setTimeout }),
    ],
  ]
  for (const policy of [cors, asyncCors]) {
    const label = policy === cors ? 'sync policy' : 'async policy'
    it.each(results)(`${label}: next returns %s`, async (_, make) => {
      await expectAppResponse(await policy.handle(request(), make as CorsNext))
    })
  }

  it('accepts a Response from another realm by its shape', async () => {
    const headers = new Headers({ 'x-own': '1' })
    const foreign = runInNewContext(
      '({ status: 201, statusText: "", type: "default", body: null, headers, ok: true })',
      { headers },
    )
    expect(foreign instanceof Response).toBe(false)
    const response = await cors.handle(request(), () => foreign)
    expect(response).toBe(foreign)
    expect(response.headers.get('access-control-allow-origin')).toBe(A)
  })

  it('a sync policy and a sync app answer without awaiting anything', async () => {
    // The decision and the app's response are both plain values: `handle` settles in the
    // first microtask after it returns, ahead of a promise queued one tick later.
    const order: string[] = []
    const done = cors.handle(request(), () => appResponse()).then(() => order.push('handle'))
    Promise.resolve()
      .then(() => undefined)
      .then(() => order.push('two ticks'))
    await done
    await new Promise((r) => setTimeout(r, 0))
    expect(order).toEqual(['handle', 'two ticks'])
  })
})

describe('next returning something other than a Response (§4)', () => {
  const wrong: [string, unknown, RegExp][] = [
    ['undefined (a missing return)', undefined, /got undefined/],
    ['null', null, /got null/],
    ['a string body', 'hello', /got a string/],
    ['a plain object', { status: 200, body: 'x' }, /got a plain object/],
    ['a Request', new Request('http://x.test/'), /got a Request/],
    ['the Response class itself', Response, /got a function/],
  ]
  for (const policy of [cors, asyncCors]) {
    const label = policy === cors ? 'sync policy' : 'async policy'
    it.each(wrong)(`${label}: %s is a TypeError naming the mistake`, async (_, value, got) => {
      for (const result of [
        value,
        Promise.resolve(value),
        runInNewContext('Promise.resolve(x)', { x: value }),
      ]) {
        const error = await policy
          .handle(request(), () => result as Response)
          .then(
            () => undefined,
            (e: unknown) => e,
          )
        expect(error).toBeInstanceOf(TypeError)
        expect((error as Error).message).toMatch(
          /^crossway: next\(\) must return a Response \(or a promise of one\)/,
        )
        expect((error as Error).message).toMatch(got)
      }
    })
  }

  it('a refused origin is checked the same way (the app still runs and must answer)', async () => {
    const error = await cors
      .handle(
        new Request('http://api.test/', { headers: { origin: 'https://evil.example' } }),
        () => undefined as never,
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect((error as Error).message).toMatch(/next\(\) must return a Response/)
  })

  it('a next that throws synchronously or rejects: handle rejects with that error', async () => {
    const boom = new Error('boom')
    await expect(
      cors.handle(request(), () => {
        throw boom
      }),
    ).rejects.toBe(boom)
    await expect(
      cors.handle(request(), () => runInNewContext('Promise.reject(x)', { x: boom })),
    ).rejects.toBe(boom)
  })
})

describe('preflight answers (§5)', () => {
  it('carry Content-Length: 0 unless the status is 204', async () => {
    const preflight = () =>
      new Request('http://api.test/', {
        method: 'OPTIONS',
        headers: { origin: A, 'access-control-request-method': 'PUT' },
      })
    const status200 = createCors({ origin: A, optionsSuccessStatus: 200 })
    const ok = await status200.handle(preflight(), () => appResponse())
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-length')).toBe('0')
    const noContent = await cors.handle(preflight(), () => appResponse())
    expect(noContent.status).toBe(204)
    expect(noContent.headers.get('content-length')).toBeNull()
  })
})
