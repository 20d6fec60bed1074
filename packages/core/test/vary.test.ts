import { describe, expect, it } from 'vitest'
import { mergeVary } from '../src/index'

describe('mergeVary', () => {
  it.each([
    [undefined, 'Origin', 'Origin'],
    ['', 'Origin', 'Origin'],
    ['Accept-Encoding', 'Origin', 'Accept-Encoding, Origin'],
    ['origin', 'Origin', 'origin'],
    [
      'Accept-Encoding, ORIGIN',
      'Origin, Access-Control-Request-Method',
      'Accept-Encoding, ORIGIN, Access-Control-Request-Method',
    ],
    ['*', 'Origin', '*'],
    ['Accept, *', 'Origin', 'Accept, *'],
    [['Accept', 'Cookie'], 'Origin', 'Accept, Cookie, Origin'],
    ['Accept', undefined, 'Accept'],
    [undefined, undefined, undefined],
    [null, 'Origin', 'Origin'],
  ])('%j + %j = %j', (existing, add, expected) => {
    expect(mergeVary(existing as never, add)).toBe(expected)
  })
})
