// The doctor against every example app (`pnpm demo`'s servers, started by the global setup):
// from the origin the shared policy allows, what the policy grants is allowed and what it does
// not list is blocked with the right code; from the origin it refuses, everything is blocked.
// The examples run Crossway, so every fix must name the policy option, not a raw header.
//
// Run it on its own: `cd examples/browser-tests && npx vitest run test/doctor-examples.test.ts`.
import { describe, expect, inject, it } from 'vitest'
import { type ProbeRequest, type ProbeResult, probe } from '../../../packages/doctor/src/probe'

const env = inject('crossway')
const allowed = env.origins.allowed
const refused = env.origins.other

const codes = (r: ProbeResult) => r.problems.map((p) => p.code)

for (const target of env.skipped) {
  describe.skip(`${target.name}: SKIPPED (${target.reason})`, () => {
    it('doctor against the example', () => {})
  })
}

for (const target of env.running) {
  const api = target.url as string
  const sameSite = target.sameSiteUrl as string
  const ask = (url: string, request: ProbeRequest) => probe(url, { timeout: 10_000, ...request })

  describe(`doctor × ${target.name}`, () => {
    it('allowed origin: a simple GET is allowed, with no problem', async () => {
      const r = await ask(`${api}/api/hello`, { origin: allowed })
      expect([r.verdict, codes(r)], JSON.stringify(r, null, 2)).toEqual(['allowed', []])
    })

    it('allowed origin: PUT with JSON and x-api-key passes its preflight', async () => {
      const r = await ask(`${api}/api/items`, {
        origin: allowed,
        method: 'PUT',
        bodyType: 'application/json',
        headers: { 'x-api-key': 'demo' },
      })
      expect([r.verdict, codes(r)], JSON.stringify(r, null, 2)).toEqual(['allowed', []])
      expect(r.preflight?.sent?.headers['Access-Control-Request-Headers']).toBe('content-type,x-api-key')
    })

    it('allowed origin: PATCH, which the policy does not list, is blocked naming `methods`', async () => {
      const r = await ask(`${api}/api/items`, {
        origin: allowed,
        method: 'PATCH',
        bodyType: 'application/json',
      })
      expect([r.verdict, codes(r)], JSON.stringify(r, null, 2)).toEqual(['blocked', ['method-not-allowed']])
      expect(r.problems[0]?.fix).toContain('`methods`')
    })

    it('allowed origin: a header the policy does not list is blocked naming `allowedHeaders`', async () => {
      const r = await ask(`${api}/api/hello`, { origin: allowed, headers: { 'x-debug': '1' } })
      expect([r.verdict, codes(r)], JSON.stringify(r, null, 2)).toEqual(['blocked', ['header-not-allowed']])
      expect(r.problems[0]?.fix).toContain('`allowedHeaders`')
    })

    it('allowed origin: credentials on the page’s own site are allowed, with no problem', async () => {
      const r = await ask(`${sameSite}/api/whoami`, { origin: allowed, credentials: true })
      expect([r.verdict, codes(r)], JSON.stringify(r, null, 2)).toEqual(['allowed', []])
    })

    it('any origin: the public route is allowed', async () => {
      const r = await ask(`${api}/api/public/hello`, { origin: refused })
      expect([r.verdict, codes(r)], JSON.stringify(r, null, 2)).toEqual(['allowed', []])
    })

    it('refused origin: a simple GET is blocked naming `origin`', async () => {
      const r = await ask(`${api}/api/hello`, { origin: refused })
      expect([r.verdict, codes(r)], JSON.stringify(r, null, 2)).toEqual(['blocked', ['acao-missing']])
      expect(r.problems[0]?.fix).toContain('`origin`')
    })

    it('refused origin: PUT is refused at the preflight naming `origin`', async () => {
      const r = await ask(`${api}/api/items`, {
        origin: refused,
        method: 'PUT',
        bodyType: 'application/json',
        headers: { 'x-api-key': 'demo' },
      })
      expect([r.verdict, codes(r)], JSON.stringify(r, null, 2)).toEqual(['blocked', ['acao-missing']])
      expect(r.actual).toBeNull()
      expect(r.problems[0]?.fix).toContain('`origin`')
    })
  })
}
