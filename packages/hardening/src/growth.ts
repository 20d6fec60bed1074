import { checkExchange } from './check'
import { exchange, type RawRequest } from './wire'

export const GROWTH_SIZES = [1_000, 10_000, 100_000, 1_000_000] as const

/** `unit` repeated to exactly `bytes` bytes. */
const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)

// Three requests of each size. `acrh` and `origin` put the bulk where the CORS code must look
// at it (an allowed preflight's header list; a subdomain-shaped Origin the wildcard matcher
// would walk); `control` puts it in a header nothing reads, next to an allowed Origin: its
// time is the transfer and Node's parsing, which any middleware pays.
export const GROWTH_SHAPES: Readonly<Record<'acrh' | 'origin' | 'control', (bytes: number) => RawRequest>> = {
  acrh: (bytes) => ({
    method: 'OPTIONS',
    path: '/resource',
    headers: [
      ['origin', 'https://foo.com'],
      ['access-control-request-method', 'PUT'],
      ['access-control-request-headers', fill('x-a,', bytes)],
    ],
  }),
  origin: (bytes) => ({
    method: 'GET',
    path: '/',
    headers: [['origin', `https://${fill('a.', bytes - 19)}example.com`]],
  }),
  control: (bytes) => ({
    method: 'GET',
    path: '/',
    headers: [
      ['origin', 'https://foo.com'],
      ['x-padding', fill('x-a,', bytes)],
    ],
  }),
}

export type GrowthShape = keyof typeof GROWTH_SHAPES

/** Median milliseconds per shape and size. */
export type GrowthCurve = Record<GrowthShape, Record<number, number>>

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Times every shape at every size, `rounds` times, and returns the medians. Each response is
 * also checked (`checkExchange`): a fast wrong answer is not an answer.
 */
export async function measureGrowth(
  port: number,
  rounds: number,
  sizes: readonly number[] = GROWTH_SIZES,
): Promise<GrowthCurve> {
  const shapes = Object.entries(GROWTH_SHAPES) as [GrowthShape, (bytes: number) => RawRequest][]
  const samples = new Map<string, number[]>()
  // The first requests pay for JIT compilation and lazy framework set-up.
  for (let i = 0; i < 10; i++) for (const [, shape] of shapes) await exchange(port, shape(sizes[0]!))
  // Rounds interleave every size and shape, so a burst of load from a neighbour lands on
  // all of them alike instead of skewing one cell.
  for (let round = 0; round < rounds; round++) {
    for (const bytes of sizes) {
      for (const [name, shape] of shapes) {
        const request = shape(bytes)
        const { bytes: answer, ms } = await exchange(port, request)
        const { problems } = checkExchange(request, answer)
        if (problems.length > 0) throw new Error(`${name} at ${bytes} B: ${problems.join('; ')}`)
        const key = `${name} ${bytes}`
        samples.set(key, [...(samples.get(key) ?? []), ms])
      }
    }
  }
  const curve = {} as GrowthCurve
  for (const [name] of shapes) {
    curve[name] = {}
    for (const bytes of sizes) curve[name][bytes] = median(samples.get(`${name} ${bytes}`)!)
  }
  return curve
}

/** ×100 input: linear work is at most ×100 and in practice far less, quadratic work ×10,000. */
export const MAX_GROWTH_100K_OVER_1K = 20
/** The CORS headers against the same bytes in a header nothing reads, at 100 KB and 1 MB. */
export const MAX_OVER_CONTROL = 3

/**
 * The bounds the curve must respect, as messages (empty: all hold).
 *
 * - 100 KB / 1 KB < ×20 for `acrh` and `origin`. A 1 KB request is mostly fixed cost
 *   (connection, routing, the response), so a linear middleware shows ×1–2 here; the bound
 *   leaves room for the loopback transfer and Node's parser on a loaded machine, and is
 *   still far below the ×10,000 of quadratic parsing.
 * - At 100 KB and 1 MB, `acrh` and `origin` within ×3 of `control`, the same bytes in a
 *   header no middleware reads. This is the sharper test: it subtracts the transfer cost, so
 *   even one linear pass that allocates per element (splitting a 1 MB list into 250,000
 *   strings, as in the 116 MB advisory) stands out from the noise.
 */
export function growthProblems(curve: GrowthCurve): string[] {
  const problems: string[] = []
  for (const name of ['acrh', 'origin'] as const) {
    const growth = curve[name][100_000]! / curve[name][1_000]!
    if (!(growth < MAX_GROWTH_100K_OVER_1K))
      problems.push(`${name}: 100 KB took ×${growth.toFixed(1)} the time of 1 KB`)
    for (const bytes of [100_000, 1_000_000]) {
      if (curve[name][bytes] === undefined) continue
      const over = curve[name][bytes]! / curve.control[bytes]!
      if (!(over < MAX_OVER_CONTROL))
        problems.push(`${name}: ${bytes} B took ×${over.toFixed(1)} the time of an unread header as large`)
    }
  }
  return problems
}

/** The curve as a small table, for the test output and the README. */
export function formatCurve(curve: GrowthCurve): string {
  const sizes = Object.keys(curve.control).map(Number)
  const head = `  ${'bytes'.padEnd(8)}${sizes.map((b) => `${b}`.padStart(12)).join('')}   100K/1K`
  const rows = (Object.keys(curve) as GrowthShape[]).map(
    (name) =>
      `  ${name.padEnd(8)}${sizes.map((b) => `${curve[name][b]!.toFixed(2).padStart(9)} ms`).join('')}` +
      `   ×${(curve[name][100_000]! / curve[name][1_000]!).toFixed(1)}`,
  )
  return [head, ...rows].join('\n')
}
