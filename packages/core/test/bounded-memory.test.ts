import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { type CorsOptions, createCors } from '../src/index'

// semantics.md §7: nothing a request sends is kept in proportion to its size. Measured as
// the heap that survives a full GC after a hostile run, against one taken after a warm-up.

setFlagsFromString('--expose-gc')
// A fresh context reads the flag at creation, so `gc` is there without restarting the worker.
const gc = ((globalThis as { gc?: () => void }).gc ?? runInNewContext('gc')) as () => void

const MiB = 2 ** 20
/**
 * Fewer rounds than a cache has slots (256 header lists, 512 origins): a cache that kept
 * hostile values would still hold every one of them at the end, ~200 MiB.
 */
const ROUNDS = 200
/** What the caches may hold at most (≤ 1 KiB keys) plus noise; far under one 1 MiB value per round. */
const MAX_RETAINED = 8 * MiB

function retainedHeap(): number {
  for (let i = 0; i < 3; i++) gc()
  return getHeapStatistics().used_heap_size
}

/** A distinct 1 MiB value per round. */
function huge(round: number, unit: string): string {
  return `${round}-${unit.repeat(MiB / unit.length)}`
}

const policies: [string, CorsOptions][] = [
  ['a list policy', { origin: ['https://a.example.com', 'https://*.example.org'], allowedHeaders: ['x-a'] }],
  [
    'a credentialed policy reflecting headers, with a function',
    { origin: (o: string) => o.endsWith('.example.com'), credentials: true },
  ],
]

describe.each(policies)('retained heap after %s meets 1 MiB headers (§7)', (_, options) => {
  it('through decide: ACRH and Origin values are not kept', async () => {
    const cors = createCors(options)
    const run = async (round: number, acrh: string, origin: string) => {
      await cors.decide('OPTIONS', 'https://a.example.com', 'PUT', acrh, undefined, null)
      await cors.decide('OPTIONS', origin, 'PUT', 'x-a', undefined, null)
      await cors.decide('GET', origin, undefined, undefined, undefined, null)
      return round
    }
    for (let i = 0; i < 5; i++) await run(i, 'x-a', 'https://a.example.com')
    const before = retainedHeap()
    for (let i = 0; i < ROUNDS; i++) await run(i, huge(i, 'x-a,'), `https://${huge(i, 'a.')}example.com`)
    const growth = retainedHeap() - before
    console.log(`decide: ${(growth / MiB).toFixed(2)} MiB retained after ${ROUNDS} hostile rounds`)
    expect(growth).toBeLessThan(MAX_RETAINED)
  })

  it('through handle: ACRH and Origin values are not kept', async () => {
    const cors = createCors(options)
    const app = () => new Response('ok')
    const run = async (acrh: string, origin: string) => {
      const preflight = new Request('http://api.test/', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://a.example.com',
          'access-control-request-method': 'PUT',
          'access-control-request-headers': acrh,
        },
      })
      await cors.handle(preflight, app)
      await (await cors.handle(new Request('http://api.test/', { headers: { origin } }), app)).text()
    }
    for (let i = 0; i < 5; i++) await run('x-a', 'https://a.example.com')
    const before = retainedHeap()
    for (let i = 0; i < ROUNDS; i++) await run(huge(i, 'x-a,'), `https://${huge(i, 'a.')}example.com`)
    const growth = retainedHeap() - before
    console.log(`handle: ${(growth / MiB).toFixed(2)} MiB retained after ${ROUNDS} hostile rounds`)
    expect(growth).toBeLessThan(MAX_RETAINED)
  })
})

describe('rejections handed to onReject (§7, §8)', () => {
  it('a logger that keeps every rejection keeps 1024 bytes of each huge Origin, not the value', () => {
    const kept: unknown[] = []
    const cors = createCors({ origin: 'https://a.example.com', onReject: (r) => void kept.push(r) })
    const before = retainedHeap()
    for (let i = 0; i < ROUNDS; i++) {
      cors.decide(
        'OPTIONS',
        `https://${huge(i, 'a.')}example.com`,
        `${huge(i, 'P')}`,
        undefined,
        undefined,
        null,
      )
    }
    const growth = retainedHeap() - before
    console.log(`onReject: ${(growth / MiB).toFixed(2)} MiB retained by ${kept.length} kept rejections`)
    expect(kept).toHaveLength(ROUNDS)
    expect(growth).toBeLessThan(MAX_RETAINED)
  })
})

describe('caches stay bounded with values inside the limits (§7)', () => {
  it('thousands of distinct 1 KiB ACRH values and matched origins keep well under a few MiB', async () => {
    const cors = createCors({ origin: 'https://*.example.com', credentials: false })
    const labels = `${'a'.repeat(60)}.`.repeat(16)
    const before = retainedHeap()
    for (let i = 0; i < 5000; i++) {
      const acrh = `x-${i},${'y'.repeat(1000)}`
      const origin = `https://${String(i).padStart(4, '0')}${labels}example.com`
      const d = await cors.decide('OPTIONS', origin, 'PUT', acrh, undefined, null)
      if (!d.allowed) throw new Error(`refused ${origin.length}-byte origin`)
    }
    const growth = retainedHeap() - before
    console.log(`in-limit: ${(growth / MiB).toFixed(2)} MiB retained after 5000 distinct values`)
    // 256 header lists + 512 origins of ≤ 1 KiB, with their decisions: about 1 MiB at most.
    expect(growth).toBeLessThan(3 * MiB)
  })
})
