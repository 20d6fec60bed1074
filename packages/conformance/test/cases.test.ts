import { describe, expect, it } from 'vitest'
import { configErrorCases, conformanceCases } from '../src/index'

describe('the case table', () => {
  it('has unique ids of the form area/what', () => {
    const ids = [...conformanceCases, ...configErrorCases].map((c) => c.id)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    for (const id of ids) expect(id).toMatch(/^[a-z]+\/[a-z0-9-]+$/)
  })

  it('covers every section of semantics.md from §1 to §8', () => {
    const sections = new Set([...conformanceCases, ...configErrorCases].map((c) => c.spec))
    for (let n = 1; n <= 8; n++) expect(sections, `§${n}`).toContain(`§${n}`)
    expect(conformanceCases.length).toBeGreaterThanOrEqual(100)
  })

  it('expects a reason and a 403 on every refused preflight that is not a debug answer', () => {
    for (const c of conformanceCases) {
      const r = c.expect.rejection
      if (r?.kind === 'preflight' && c.expect.status !== 204) expect(c.expect.status, c.id).toBe(403)
      if (c.expect.status === 403) expect(r, c.id).toBeDefined()
    }
  })
})
