import { CorsConfigError } from '@crossway/core'
import { withCors } from '@crossway/next'
import {
  forbidden,
  notFound,
  permanentRedirect,
  redirect,
  unauthorized,
  unstable_rethrow,
} from 'next/navigation'
import { NextRequest } from 'next/server'
import { describe, expect, it, vi } from 'vitest'
import { rethrowByDigest } from '../src/next-control-flow'

const APP = 'https://app.example.com'

function req(method: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest('http://api.test/api/items', { method, headers })
}

/** What `signal` throws; `forbidden()`/`unauthorized()` need the flag `experimental.authInterrupts` sets. */
function caught(signal: () => unknown): unknown {
  vi.stubEnv('__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS', 'true')
  try {
    signal()
  } catch (error) {
    return error
  } finally {
    vi.unstubAllEnvs()
  }
  throw new Error('expected a throw')
}

const list = () => Response.json([1, 2], { headers: { 'x-total': '2' } })

describe('withCors(route handlers)', () => {
  it('wraps each handler and passes request and context through', async () => {
    const GET = vi.fn(list)
    const handlers = withCors({ GET }, { origin: [APP] })
    const request = req('GET', { origin: APP })
    const context = { params: Promise.resolve({ id: '1' }) }
    const res = await handlers.GET(request, context)
    expect(GET).toHaveBeenCalledWith(request, context)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([1, 2])
    expect(res.headers.get('x-total')).toBe('2')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
    expect(res.headers.get('vary')).toBe('Origin')
    expect(Object.keys(handlers).sort()).toEqual(['GET', 'OPTIONS'])
  })

  it('answers a preflight with the added OPTIONS, never calling the user OPTIONS', async () => {
    const OPTIONS = vi.fn(() => new Response('mine'))
    const handlers = withCors({ GET: list, OPTIONS }, { origin: [APP], methods: ['GET', 'PATCH'] })
    const res = await handlers.OPTIONS(
      req('OPTIONS', { origin: APP, 'access-control-request-method': 'PATCH' }),
    )
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,PATCH')
    expect(OPTIONS).not.toHaveBeenCalled()
  })

  it('refuses a preflight for a method the policy does not allow', async () => {
    const handlers = withCors({ GET: list }, { origin: [APP], methods: ['GET'] })
    const res = await handlers.OPTIONS(
      req('OPTIONS', { origin: APP, 'access-control-request-method': 'DELETE' }),
    )
    expect(res.status).toBe(403)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('sends a plain OPTIONS to the user OPTIONS handler, with CORS headers', async () => {
    const OPTIONS = vi.fn(() => new Response('mine', { status: 200 }))
    const res = await withCors({ OPTIONS }, { origin: [APP] }).OPTIONS(req('OPTIONS', { origin: APP }))
    expect(OPTIONS).toHaveBeenCalledTimes(1)
    expect(await res.text()).toBe('mine')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('answers a plain OPTIONS as Next.js would when there is no user OPTIONS', async () => {
    const handlers = withCors({ GET: list, POST: list }, { origin: [APP] })
    const res = await handlers.OPTIONS(req('OPTIONS', { origin: APP }))
    expect(res.status).toBe(204)
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST')
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('passes an allowed preflight to the user OPTIONS with preflightContinue', async () => {
    const OPTIONS = vi.fn(() => new Response(null, { status: 200 }))
    const res = await withCors({ OPTIONS }, { origin: [APP], preflightContinue: true }).OPTIONS(
      req('OPTIONS', { origin: APP, 'access-control-request-method': 'PUT' }),
    )
    expect(OPTIONS).toHaveBeenCalledTimes(1)
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('refuses bad input when the module loads', () => {
    expect(() => withCors({ get: list } as never, {})).toThrow(/"get" is not a route handler method/)
    expect(() => withCors({ GET: 'list' } as never, {})).toThrow(/GET handler must be a function/)
    expect(() => withCors(null as never, {})).toThrow(TypeError)
    expect(() => withCors({ GET: list }, { origin: 'https://a.com/' })).toThrow(CorsConfigError)
  })

  describe('a handler that throws', () => {
    // semantics.md §4: the 500 keeps the CORS headers so browser code can read it; the error
    // is still reported as Next reports it (console.error), and Next's control-flow throws reach Next.
    it('answers an empty 500 with the CORS headers and Vary, and logs the error', async () => {
      const boom = new Error('boom')
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
      try {
        const failing = () => {
          throw boom
        }
        const res = await withCors({ GET: failing }, { origin: [APP], credentials: true }).GET(
          req('GET', { origin: APP }),
        )
        expect(res.status).toBe(500)
        expect(await res.text()).toBe('')
        expect(res.headers.get('access-control-allow-origin')).toBe(APP)
        expect(res.headers.get('access-control-allow-credentials')).toBe('true')
        expect(res.headers.get('vary')).toBe('Origin')
        expect(logged).toHaveBeenCalledWith(boom)
      } finally {
        logged.mockRestore()
      }
    })

    it('does the same for an async handler and for the user OPTIONS handler', async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
      try {
        const rejecting = async () => Promise.reject(new TypeError('bad body'))
        const throwing = () => {
          throw new Error('options')
        }
        const handlers = withCors({ POST: rejecting, OPTIONS: throwing }, { origin: [APP] })
        const post = await handlers.POST(req('POST', { origin: APP }))
        expect(post.status).toBe(500)
        expect(post.headers.get('access-control-allow-origin')).toBe(APP)
        const options = await handlers.OPTIONS(req('OPTIONS', { origin: APP }))
        expect(options.status).toBe(500)
        expect(options.headers.get('access-control-allow-origin')).toBe(APP)
        expect(logged).toHaveBeenCalledTimes(2)
      } finally {
        logged.mockRestore()
      }
    })

    it.each([
      ['notFound()', () => notFound()],
      ['forbidden()', () => forbidden()],
      ['unauthorized()', () => unauthorized()],
      ['redirect()', () => redirect('/elsewhere')],
      ['permanentRedirect()', () => permanentRedirect('/elsewhere')],
    ])('lets %s reach Next untouched, unlogged', async (_name, signal) => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
      try {
        const thrown = caught(signal)
        const handler = () => {
          throw thrown
        }
        await expect(
          withCors({ GET: handler }, { origin: [APP] }).GET(req('GET', { origin: APP })),
        ).rejects.toBe(thrown)
        expect(logged).not.toHaveBeenCalled()
      } finally {
        logged.mockRestore()
      }
    })

    it('lets a control-flow throw wrapped as a cause reach Next too', async () => {
      const signal = caught(() => notFound())
      const wrapped = new Error('lookup failed', { cause: signal })
      const handler = () => {
        throw wrapped
      }
      await expect(
        withCors({ GET: handler }, { origin: [APP] }).GET(req('GET', { origin: APP })),
      ).rejects.toBe(signal)
    })
  })
})

// The Next 14 fallback (no `unstable_rethrow` there) must agree with Next's own function on
// today's Next: if a Next upgrade changes a digest, this fails and next-control-flow.ts is updated.
describe('the digest fallback for Next 14', () => {
  it.each([
    ['notFound()', () => notFound(), true],
    ['forbidden()', () => forbidden(), true],
    ['unauthorized()', () => unauthorized(), true],
    ['redirect()', () => redirect('/x'), true],
    ['permanentRedirect()', () => permanentRedirect('/x'), true],
    [
      'a plain Error',
      () => {
        throw new Error('NEXT_REDIRECT is in the message only')
      },
      false,
    ],
    [
      'an error with an unrelated digest',
      () => {
        throw Object.assign(new Error('x'), { digest: 'NEXT_REDIRECTION_PLAN' })
      },
      false,
    ],
  ])('treats %s as unstable_rethrow does', (_name, signal, isControlFlow) => {
    const error = caught(signal)
    const rethrows = (check: (e: unknown) => void) => {
      try {
        check(error)
        return false
      } catch (again) {
        expect(again).toBe(error)
        return true
      }
    }
    expect(rethrows(unstable_rethrow)).toBe(isControlFlow)
    expect(rethrows(rethrowByDigest)).toBe(isControlFlow)
  })
})
