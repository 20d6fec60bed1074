import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkPolicy } from '../src/check'

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))

describe('crossway check: the core start-up warnings', () => {
  it('prints every warning of a valid policy, and still passes', async () => {
    const result = await checkPolicy('./surprising-policy.mjs', fixtures)
    expect(result.exitCode).toBe(0)
    expect(result.warnings).toEqual([
      expect.stringMatching(/^methods\[1\]: "patch": browsers send it as written/),
      expect.stringMatching(/^cacheControl: has no effect with preflightContinue: true/),
    ])
  })
})
