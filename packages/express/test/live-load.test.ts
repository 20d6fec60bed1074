import { Agent, request } from 'node:http'
import { type CorsDecision, type CorsOptions, createCors } from '@crossway/core'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { cors, createLiveCors } from '../src/index'
import { listen } from './http'

// Issue 17's proof of atomic reconfiguration: two policies swapped every 10 ms for 10 s under
// real HTTP traffic; every response must be exactly what one of them answers, never a mix.

const A = 'https://a.example.com'
const B = 'https://b.example.com'
const ONE: CorsOptions = { origin: [A], methods: ['GET', 'PUT'], allowedHeaders: ['x-one'], maxAge: 60 }
const TWO: CorsOptions = {
  origin: [B],
  methods: ['GET', 'PATCH'],
  allowedHeaders: ['x-two'],
  maxAge: 120,
  credentials: true,
  exposedHeaders: ['x-two-out'],
}
const DURATION_MS = 10_000
const SWAP_EVERY_MS = 10
// A few connections: enough to interleave requests with swaps, modest on a shared CI machine.
const CONNECTIONS = 4

interface Probe {
  readonly method: string
  readonly headers: Record<string, string>
}

// Each probe is answered differently by the two policies, in status or in headers; an answer
// that mixed them (one's ACAO with the other's ACAM or Max-Age) matches neither signature.
const probes: Probe[] = [
  { method: 'GET', headers: { origin: A } },
  { method: 'GET', headers: { origin: B } },
  {
    method: 'OPTIONS',
    headers: { origin: A, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-one' },
  },
  {
    method: 'OPTIONS',
    headers: {
      origin: B,
      'access-control-request-method': 'PATCH',
      'access-control-request-headers': 'x-two',
    },
  },
  // A safelisted method: allowed by TWO (its whole answer), refused by ONE.
  { method: 'OPTIONS', headers: { origin: B, 'access-control-request-method': 'GET' } },
]

/** What a response must look like under a policy: its status and every CORS header. */
function signature(status: number, headers: Record<string, unknown>): string {
  const cors = Object.entries(headers)
    .filter(([name]) => name.startsWith('access-control-'))
    .map(([name, value]) => `${name}: ${value}`)
    .sort()
  return `${status} ${cors.join(' | ')}`
}

function expected(options: CorsOptions, probe: Probe): string {
  const h = probe.headers
  const d = createCors(options).decide(
    probe.method,
    h.origin,
    h['access-control-request-method'],
    h['access-control-request-headers'],
    undefined,
    null,
  ) as CorsDecision
  return signature(d.respond ? (d as { status: number }).status : 200, Object.fromEntries(d.headers))
}

function call(port: number, agent: Agent, probe: Probe): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/',
      method: probe.method,
      headers: probe.headers,
      agent,
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve(signature(res.statusCode!, res.headers)))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('live policy under load (Express, real HTTP)', () => {
  it(
    'answers every request wholly by one policy while they are swapped every 10 ms for 10 s',
    async () => {
      const underOne = probes.map((p) => expected(ONE, p))
      const underTwo = probes.map((p) => expected(TWO, p))
      for (let i = 0; i < probes.length; i++) expect(underOne[i]).not.toBe(underTwo[i])

      const live = createLiveCors(ONE)
      const app = express()
      app.use(cors(live))
      app.all('/', (_req, res) => {
        res.send('ok')
      })
      const server = await listen(app)
      const port = Number(new URL(server.url).port)
      const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })

      let swaps = 0
      const swapper = setInterval(() => {
        live.reconfigure(swaps++ % 2 === 0 ? TWO : ONE)
      }, SWAP_EVERY_MS)
      const seen = { one: 0, two: 0 }
      const mixed: string[] = []
      const deadline = Date.now() + DURATION_MS
      try {
        await Promise.all(
          Array.from({ length: CONNECTIONS }, async (_, worker) => {
            for (let n = worker; Date.now() < deadline; n++) {
              const i = n % probes.length
              const got = await call(port, agent, probes[i]!)
              if (got === underOne[i]) seen.one++
              else if (got === underTwo[i]) seen.two++
              else if (mixed.length < 10) mixed.push(`${JSON.stringify(probes[i])} → ${got}`)
            }
          }),
        )
      } finally {
        clearInterval(swapper)
        agent.destroy()
        await server.close()
      }
      expect(mixed).toEqual([])
      // The run really interleaved: many swaps, and both policies answered many requests.
      expect(swaps).toBeGreaterThan(DURATION_MS / SWAP_EVERY_MS / 4)
      expect(seen.one).toBeGreaterThan(100)
      expect(seen.two).toBeGreaterThan(100)
      console.info(`live-load: ${seen.one + seen.two} responses, ${swaps} swaps, ${JSON.stringify(seen)}`)
    },
    DURATION_MS + 20_000,
  )
})
