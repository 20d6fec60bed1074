import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PROBLEM_CODES, WARNING_CODES } from '../src/index'
import { corpus } from './corpus'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('codes', () => {
  it.each([...PROBLEM_CODES, ...WARNING_CODES])('%s is listed in the README tables', (code) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'))
  })

  it('every problem code has a corpus server (mixed-content needs none: it is decided before sending)', () => {
    const covered = new Set(corpus().flatMap((c) => c.expect.problems))
    expect(PROBLEM_CODES.filter((c) => !covered.has(c) && c !== 'mixed-content')).toEqual([])
  })
})
