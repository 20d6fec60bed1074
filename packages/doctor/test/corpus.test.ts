// Every corpus server over real HTTP on 127.0.0.1: the doctor's verdict, problem codes and
// warning codes must be exactly the expected ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probe } from '../src/index'
import { corpus } from './corpus'
import { serve } from './support/serve'

// The page the corpus is built for: a dev server on loopback, like the browser comparison's.
const page = 'http://localhost:5173'
const cases = corpus()

describe('corpus', () => {
  it('has at least 40 distinct servers', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40)
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length)
  })

  const servers = new Map<string, { port: number; close: () => Promise<void> }>()
  beforeAll(async () => {
    for (const c of cases) servers.set(c.id, await serve(c.server(c.origin ?? page)))
  })
  afterAll(async () => {
    await Promise.all([...servers.values()].map((s) => s.close()))
  })

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const { port } = servers.get(c.id)!
    const host = c.request.site === 'same' ? 'localhost' : '127.0.0.1'
    const result = await probe(`http://${host}:${port}${c.request.path ?? '/'}`, {
      origin: c.origin ?? page,
      method: c.request.method ?? 'GET',
      headers: c.request.headers ?? [],
      credentials: c.request.credentials ?? false,
      ...(c.request.bodyType ? { bodyType: c.request.bodyType } : {}),
      timeout: 5000,
    })
    const summary = {
      verdict: result.verdict,
      problems: result.problems.map((p) => p.code).sort(),
      warnings: [...new Set(result.warnings.map((w) => w.code))].sort(),
    }
    expect(summary, JSON.stringify(result, null, 2)).toEqual({
      verdict: c.expect.verdict,
      problems: [...c.expect.problems].sort(),
      warnings: [...(c.expect.warnings ?? [])].sort(),
    })
    for (const p of result.problems) {
      expect(p.message.length).toBeGreaterThan(0)
      expect(p.fix.length).toBeGreaterThan(0)
    }
    if (c.fixIncludes) expect(result.problems[0]?.fix).toContain(c.fixIncludes)
    // The answer shape is exactly the --json one.
    expect(Object.keys(result).sort()).toEqual(['actual', 'preflight', 'problems', 'verdict', 'warnings'])
  })
})
