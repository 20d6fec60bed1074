// semantics.md §10 on Fastify: the plugin's `csrf` guards every route, and a route exempts
// itself with its own policy (a webhook receives cross-site POSTs by design).
import { afterEach, describe, expect, it } from 'vitest'
import { cors } from '../src/index'
import { majors } from './harness'
import { serve } from './http'

const APP = 'https://app.example.com'
const EVIL = 'https://evil.example.net'
const crossSite = (origin: string) => ({ origin, 'sec-fetch-site': 'cross-site' })

let close: (() => Promise<unknown>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

describe.each(majors)('$name: csrf', ({ fastify }) => {
  async function start() {
    const app = fastify()
    const ran: string[] = []
    // Unawaited, as usual: the routes below are still governed by their own policies.
    app.register(cors, { origin: [APP], credentials: true, csrf: true })
    app.post('/transfer', async () => {
      ran.push('transfer')
      return 'moved'
    })
    app.post('/webhook', { config: { cors: { origin: [APP] } } }, async () => {
      ran.push('webhook')
      return 'received'
    })
    const send = await serve(app)
    close = () => app.close()
    return { send, ran }
  }

  it('refuses a forged cross-site POST before the handler runs', async () => {
    const { send, ran } = await start()
    const res = await send('POST', '/transfer', crossSite(EVIL))
    expect(res.status).toBe(403)
    expect(res.body).toBe('')
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect(ran).toEqual([])
    const allowed = await send('POST', '/transfer', crossSite(APP))
    expect(allowed.status).toBe(200)
    expect(allowed.headers['access-control-allow-origin']).toBe(APP)
    expect(ran).toEqual(['transfer'])
  })

  it('lets a route without csrf in its own policy (a webhook) take cross-site POSTs', async () => {
    const { send, ran } = await start()
    const res = await send('POST', '/webhook', crossSite(EVIL))
    expect(res.status).toBe(200)
    expect(res.body).toBe('received')
    expect(ran).toEqual(['webhook'])
  })
})
