import { cors, createLiveCors, withCors } from '@crossway/next'
import { NextRequest } from 'next/server'
import { describe, expect, it } from 'vitest'

const A = 'https://a.example.com'
const list = () => new Response('ok')
const B = 'https://b.example.com'

const req = (method: string, headers: Record<string, string>) =>
  new NextRequest('http://api.test/api/items', { method, headers })

describe('a live policy (createLiveCors) in Next', () => {
  it('middleware follows reconfigure without being rebuilt', async () => {
    const live = createLiveCors({ origin: [A] })
    const middleware = cors(live)
    const preflight = (origin: string) =>
      middleware(req('OPTIONS', { origin, 'access-control-request-method': 'PUT' }))
    expect((await preflight(A)).status).toBe(204)
    live.reconfigure({ origin: [B] })
    expect((await preflight(A)).status).toBe(403)
    expect((await preflight(B)).headers.get('access-control-allow-origin')).toBe(B)
  })

  it('route handlers follow reconfigure too', async () => {
    const live = createLiveCors({ origin: [A] })
    const handlers = withCors({ GET: list }, live)
    expect(
      (await handlers.GET(req('GET', { origin: A }), {} as never)).headers.get('access-control-allow-origin'),
    ).toBe(A)
    live.reconfigure({ origin: [B] })
    expect(
      (await handlers.GET(req('GET', { origin: A }), {} as never)).headers.get('access-control-allow-origin'),
    ).toBeNull()
  })
})
