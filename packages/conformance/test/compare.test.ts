import { describe, expect, it } from 'vitest'
import type { CaseExpectation } from '../src/case'
import { actualView, expectedView } from '../src/compare'
import type { ConformanceResponse } from '../src/harness'

/** The comparison must be able to fail: each near miss below differs from the expectation. */
const expectation: CaseExpectation = {
  status: 204,
  body: '',
  handlerCalled: false,
  headers: { 'access-control-allow-origin': 'https://a.com', 'access-control-allow-methods': 'GET,PUT' },
  absent: ['access-control-allow-credentials'],
  vary: { exact: ['Origin', 'Access-Control-Request-Method'] },
  rejection: { kind: 'preflight', reason: 'method', origin: 'https://a.com', method: 'OPTIONS' },
}

const matching: ConformanceResponse = {
  status: 204,
  body: '',
  headers: {
    'access-control-allow-origin': 'https://a.com',
    'access-control-allow-methods': 'PUT,GET',
    vary: 'access-control-request-method, Origin',
  },
}
const rejection = {
  kind: 'preflight',
  reason: 'method',
  origin: 'https://a.com',
  method: 'OPTIONS',
  message: 'x',
} as const

function matches(response: ConformanceResponse, rejections: readonly object[] = [rejection]): boolean {
  const actual = actualView(expectation, response, rejections as never)
  try {
    expect(actual).toEqual(expectedView(expectation))
    return true
  } catch {
    return false
  }
}

describe('case comparison', () => {
  it('accepts lists in any order and Vary in any case', () => {
    expect(matches(matching)).toBe(true)
  })

  it.each([
    ['another status', { ...matching, status: 200 }],
    ['a body', { ...matching, body: 'x' }],
    ['the handler ran', { ...matching, headers: { ...matching.headers, 'x-handler': 'root' } }],
    [
      'a space in a list',
      { ...matching, headers: { ...matching.headers, 'access-control-allow-methods': 'GET, PUT' } },
    ],
    [
      'a missing method',
      { ...matching, headers: { ...matching.headers, 'access-control-allow-methods': 'GET' } },
    ],
    [
      'a header that must be absent',
      { ...matching, headers: { ...matching.headers, 'access-control-allow-credentials': 'true' } },
    ],
    [
      'a doubled Vary token',
      {
        ...matching,
        headers: { ...matching.headers, vary: 'Origin, origin, access-control-request-method' },
      },
    ],
    ['no Vary', { ...matching, headers: { ...matching.headers, vary: '' } }],
  ])('rejects %s', (_, response) => {
    expect(matches(response)).toBe(false)
  })

  it('rejects a missing, doubled, wrong or message-less rejection', () => {
    expect(matches(matching, [])).toBe(false)
    expect(matches(matching, [rejection, rejection])).toBe(false)
    expect(matches(matching, [{ ...rejection, reason: 'header' }])).toBe(false)
    expect(matches(matching, [{ ...rejection, header: 'x-a' }])).toBe(false)
    expect(matches(matching, [{ ...rejection, message: '' }])).toBe(false)
  })
})
