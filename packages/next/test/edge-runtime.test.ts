import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { EdgeVM } from '@edge-runtime/vm'
import { Rolldown } from 'tsdown'
import { beforeAll, describe, expect, it } from 'vitest'

const PKG = resolve(import.meta.dirname, '..')
const require = createRequire(resolve(PKG, 'package.json'))

/**
 * Bundles the built `dist/index.js` (with the built core) into one script the way Next.js
 * compiles an Edge middleware: `next/server` resolves to Next's tree-shakable edge entry, and
 * `__dirname` is the constant Next substitutes. Node built-ins are not available, so any
 * `node:*` import or `require` in our code would fail to bundle or to run.
 */
async function bundleForEdge(): Promise<string> {
  const bundle = await Rolldown.rolldown({
    input: resolve(PKG, 'dist/index.js'),
    platform: 'browser',
    cwd: PKG,
    logLevel: 'silent',
    resolve: {
      alias: { 'next/server.js': require.resolve('next/dist/esm/server/web/exports/index.js') },
      conditionNames: ['edge-light', 'worker', 'browser', 'import', 'default'],
    },
    transform: { define: { __dirname: '"/"', 'process.env.NEXT_RUNTIME': '"edge"' } },
  })
  try {
    const { output } = await bundle.generate({ format: 'iife', name: 'CrosswayNext' })
    return output[0].code
  } finally {
    await bundle.close()
  }
}

describe('the built package in the Edge runtime (@edge-runtime/vm)', () => {
  let vm: EdgeVM

  beforeAll(async () => {
    const code = await bundleForEdge()
    // Next's sandbox gives Edge code a `process` holding only `env`; every other property of it
    // throws there, and is simply absent here.
    vm = new EdgeVM({
      extend: (context) => Object.assign(context, { process: { env: { NEXT_RUNTIME: 'edge' } } }),
    })
    vm.evaluate(code)
    vm.evaluate(`
      globalThis.middleware = CrosswayNext.cors({ origin: ['https://app.example.com'], credentials: true, maxAge: 600 })
      globalThis.routes = CrosswayNext.withCors(
        { GET: () => new Response('items', { headers: { 'x-handler': 'items' } }) },
        { origin: '*' },
      )
      globalThis.failing = CrosswayNext.withCors(
        { GET: () => { throw new Error('edge boom') } },
        { origin: ['https://app.example.com'] },
      )
      globalThis.logged = []
      console.error = (...args) => { globalThis.logged.push(String(args[0])) }
      globalThis.call = async (fn, method, headers) => {
        const res = await fn(new Request('https://api.test/api/items', { method, headers }))
        return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() }
      }
    `)
  })

  it('has no Node.js globals to lean on', () => {
    expect(vm.evaluate('[typeof require, typeof Buffer, typeof process.nextTick]')).toEqual([
      'undefined',
      'undefined',
      'undefined',
    ])
  })

  it('answers a preflight in the middleware', async () => {
    const res = await vm.evaluate(
      `call(middleware, 'OPTIONS', { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' })`,
    )
    expect(res.status).toBe(204)
    expect(res.body).toBe('')
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
      'access-control-max-age': '600',
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    })
    expect(res.headers['x-middleware-next']).toBeUndefined()
  })

  it('lets an allowed actual request continue with the CORS headers', async () => {
    const res = await vm.evaluate(`call(middleware, 'GET', { origin: 'https://app.example.com' })`)
    expect(res.headers).toMatchObject({
      'x-middleware-next': '1',
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    })
  })

  it('refuses a preflight from another origin', async () => {
    const res = await vm.evaluate(
      `call(middleware, 'OPTIONS', { origin: 'https://evil.example', 'access-control-request-method': 'PUT' })`,
    )
    expect(res.status).toBe(403)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('wraps route handlers', async () => {
    const get = await vm.evaluate(`call(routes.GET, 'GET', { origin: 'https://any.example' })`)
    expect(get).toMatchObject({ status: 200, body: 'items' })
    expect(get.headers).toMatchObject({ 'x-handler': 'items', 'access-control-allow-origin': '*' })
    const pre = await vm.evaluate(
      `call(routes.OPTIONS, 'OPTIONS', { origin: 'https://any.example', 'access-control-request-method': 'DELETE' })`,
    )
    expect(pre.status).toBe(204)
    expect(pre.headers['access-control-allow-origin']).toBe('*')
  })

  it('answers a route handler that throws with a 500 that keeps the CORS headers', async () => {
    const res = await vm.evaluate(`call(failing.GET, 'GET', { origin: 'https://app.example.com' })`)
    expect(res.status).toBe(500)
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      vary: 'Origin',
    })
    expect(vm.evaluate('logged')).toEqual(['Error: edge boom'])
  })
})
