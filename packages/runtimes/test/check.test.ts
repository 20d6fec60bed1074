import type { CaseExpectation, ConfigErrorCase, ConformanceResponse } from '@crossway/conformance'
import { checkCase, checkConfigError } from '@crossway/conformance'
import type { CorsRejection } from '@crossway/core'
import { CorsConfigError } from '@crossway/core'
import { describe, expect, it } from 'vitest'

// The bundled runner has no vitest: if `checkCase` passed what `toEqual` fails, every runtime
// in the matrix would look green. These pin it to the same verdicts.

const expectation: CaseExpectation = {
  status: 204,
  headers: {
    'access-control-allow-origin': 'https://app.example.com',
    'access-control-allow-methods': 'GET,PUT',
  },
  absent: ['access-control-allow-credentials'],
  vary: { exact: ['Origin', 'Access-Control-Request-Method'] },
  handlerCalled: false,
}

const good: ConformanceResponse = {
  status: 204,
  headers: {
    'access-control-allow-origin': 'https://app.example.com',
    // List headers compare as token sets: order is not part of the contract.
    'access-control-allow-methods': 'PUT,GET',
    vary: 'access-control-request-method, Origin',
  },
  body: '',
}

const refusal: CorsRejection = {
  kind: 'preflight',
  reason: 'origin',
  origin: 'https://evil.example',
  method: 'OPTIONS',
  requestMethod: 'PUT',
  header: undefined,
  message: 'The origin https://evil.example is not allowed.',
}

describe('checkCase', () => {
  it('passes a response that matches, whatever the token order', () => {
    expect(checkCase(expectation, good, [])).toEqual({ passed: true, differences: [] })
  })

  it.each([
    ['the status', { ...good, status: 200 }, 'status: expected 204, got 200'],
    [
      'a missing header',
      { ...good, headers: { ...good.headers, 'access-control-allow-origin': undefined as never } },
      'headers.access-control-allow-origin: expected "https://app.example.com", got nothing',
    ],
    [
      'a header that must be absent',
      { ...good, headers: { ...good.headers, 'access-control-allow-credentials': 'true' } },
      'absent.access-control-allow-credentials: expected nothing, got "true"',
    ],
    [
      'a duplicated Vary token',
      { ...good, headers: { ...good.headers, vary: 'Origin, origin, Access-Control-Request-Method' } },
      'vary.exact: expected ["access-control-request-method","origin"], got ["access-control-request-method","origin","origin"]',
    ],
    [
      'a handler that ran',
      { ...good, headers: { ...good.headers, 'x-handler': 'resource-options' } },
      'handlerCalled: expected false, got "resource-options"',
    ],
  ])('fails on %s', (_, response, difference) => {
    const check = checkCase(expectation, response as ConformanceResponse, [])
    expect(check.passed).toBe(false)
    expect(check.differences).toEqual([difference])
  })

  it('fails on an onReject call the case did not expect, and passes the one it did', () => {
    expect(checkCase(expectation, good, [refusal]).differences).toEqual([
      'rejections: expected [], got [{"kind":"preflight","reason":"origin","origin":"https://evil.example","method":"OPTIONS","requestMethod":"PUT","message":"<a non-empty message>"}]',
    ])
    const { message: _, ...fields } = refusal
    const expectsRefusal: CaseExpectation = { ...expectation, rejection: fields }
    expect(checkCase(expectsRefusal, good, [refusal]).passed).toBe(true)
    // A blank message is no sentence, and a second call is one too many.
    expect(checkCase(expectsRefusal, good, [{ ...refusal, message: ' ' }]).passed).toBe(false)
    expect(checkCase(expectsRefusal, good, [refusal, refusal]).passed).toBe(false)
  })
})

describe('checkConfigError', () => {
  const c: ConfigErrorCase = { id: 'config/x', spec: '§3', policy: {}, code: 'invalid-origin' }
  const error = (code: string) =>
    new CorsConfigError([{ code, path: 'origin', message: 'crossway: no' }] as never)

  it('passes the expected CorsConfigError only', () => {
    expect(checkConfigError(c, error('invalid-origin')).passed).toBe(true)
    expect(checkConfigError(c, undefined).differences).toEqual([
      'the policy was accepted; expected a CorsConfigError',
    ])
    expect(checkConfigError(c, new Error('other')).passed).toBe(false)
    expect(checkConfigError(c, error('invalid-method')).differences).toEqual([
      'code: expected invalid-origin, got invalid-method',
    ])
  })
})
