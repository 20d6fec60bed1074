import { type CorsRejection, createCors } from '@crossway/core'
import { isThenable } from '@crossway/core/node'
import { describe, expect, it, vi } from 'vitest'
import { decideEvent, readHeader } from '../src/decide-event'
import { payloadFormatOf } from '../src/events'
import {
  documentedEvents,
  functionUrlEvent,
  httpApiV1Event,
  httpApiV2Event,
  restApiEvent,
  withHeaders,
} from './fixtures/events'

const APP = 'https://app.example.com'
const EVIL = 'https://evil.example'

describe('payload format, told by shape', () => {
  for (const { name, format, event } of documentedEvents) {
    it(`the documented ${name} event is format ${format}.0`, () => {
      expect(payloadFormatOf(event)).toBe(format)
    })
  }

  it('does not trust `version`: a 2.0-shaped event without it, a 1.0 one claiming 2.0', () => {
    const { version: _, ...unversioned } = httpApiV2Event
    expect(payloadFormatOf(unversioned)).toBe(2)
    expect(payloadFormatOf({ ...restApiEvent, version: '2.0' })).toBe(1)
  })

  it('takes nothing else for an HTTP request', () => {
    for (const other of [
      undefined,
      null,
      'GET',
      { source: 'serverless-plugin-warmup' },
      { Records: [{ eventSource: 'aws:sqs' }] },
      { requestContext: null },
      { requestContext: { http: null } },
      { requestContext: { http: { method: 42 } } },
      { httpMethod: ['GET'] },
    ]) {
      expect(payloadFormatOf(other), JSON.stringify(other)).toBeUndefined()
    }
  })
})

describe('reading the request headers', () => {
  it('finds a name in any case, every spelling joined', () => {
    expect(readHeader({ Origin: APP }, 'origin')).toBe(APP)
    expect(readHeader({ ORIGIN: APP }, 'origin')).toBe(APP)
    expect(readHeader({ Origin: APP, origin: EVIL }, 'origin')).toBe(`${APP}, ${EVIL}`)
    expect(readHeader({ 'Access-Control-Request-Method': 'PUT' }, 'access-control-request-method')).toBe(
      'PUT',
    )
  })

  it('joins multi-value lines; ignores what is absent', () => {
    expect(readHeader({ Origin: [APP, EVIL] }, 'origin')).toBe(`${APP}, ${EVIL}`)
    expect(readHeader({ originx: APP, origi: APP }, 'origin')).toBeUndefined()
    expect(readHeader({ origin: undefined }, 'origin')).toBeUndefined()
    expect(readHeader(null, 'origin')).toBeUndefined()
    expect(readHeader(undefined, 'origin')).toBeUndefined()
  })
})

/** Decides an event with a recording policy; returns the decision and what onReject heard. */
function decide(event: any, options: Parameters<typeof createCors>[0] = {}) {
  const rejections: CorsRejection[] = []
  const policy = createCors({ ...options, onReject: (r) => void rejections.push(r) })
  const format = payloadFormatOf(event)
  if (format === undefined) throw new Error('not an HTTP event')
  const decided = decideEvent(policy, event, format)
  if (isThenable(decided)) throw new Error('expected a sync decision')
  return { decision: decided, rejections }
}

const LIST = { origin: [APP], credentials: true } as const

describe('deciding the documented events', () => {
  for (const { name, event } of documentedEvents) {
    describe(name, () => {
      it('reads Origin as the client spelled it', () => {
        const { decision } = decide(withHeaders(event, 'GET', { Origin: APP }), LIST)
        expect(decision.kind).toBe('actual')
        expect(decision.allowed).toBe(true)
        expect(Object.fromEntries(decision.headers)).toMatchObject({ 'access-control-allow-origin': APP })
      })

      it('recognises a preflight from its method and Access-Control-Request-Method', () => {
        const preflight = withHeaders(event, 'OPTIONS', {
          origin: APP,
          'Access-Control-Request-Method': 'DELETE',
          'access-control-request-headers': 'X-Api-Key',
        })
        const { decision } = decide(preflight, LIST)
        expect(decision).toMatchObject({ kind: 'preflight', allowed: true, respond: true, status: 204 })
        expect(Object.fromEntries(decision.headers)).toMatchObject({
          'access-control-allow-origin': APP,
          'access-control-allow-headers': 'x-api-key',
        })
      })

      it('refuses an origin outside the policy', () => {
        const { decision, rejections } = decide(withHeaders(event, 'GET', { Origin: EVIL }), LIST)
        expect(decision.allowed).toBe(false)
        expect(decision.headers).toEqual([])
        expect(rejections).toMatchObject([{ kind: 'actual', reason: 'origin', origin: EVIL }])
      })

      it('sees no CORS in the documented request itself (it sends no Origin)', () => {
        const { decision } = decide(event, LIST)
        expect(decision.kind).toBe('not-cors')
      })

      it('passes the event itself to an origin function', () => {
        const origin = vi.fn((_origin: string, _event: unknown) => true)
        const request = withHeaders(event, 'GET', { origin: APP })
        decide(request, { origin })
        expect(origin).toHaveBeenCalledWith(APP, request)
      })
    })
  }
})

// semantics.md §1: an Origin in two lines is never allowed, an ACRM in two lines is malformed.
// Format 1.0 shows the lines in multiValueHeaders (joined here with ", "); format 2.0 joins them
// itself with a bare ",", which the core refuses all the same.
describe('repeated lines (semantics.md §1)', () => {
  const cases = [
    { name: 'REST API (1.0)', event: restApiEvent, joined: ', ' },
    { name: 'HTTP API (1.0)', event: httpApiV1Event, joined: ', ' },
    { name: 'HTTP API (2.0)', event: httpApiV2Event, joined: ',' },
    { name: 'function URL (2.0)', event: functionUrlEvent, joined: ',' },
  ]
  for (const { name, event, joined } of cases) {
    it(`${name}: an Origin on two lines is refused, even when both are allowed`, () => {
      const { decision, rejections } = decide(withHeaders(event, 'GET', { Origin: [APP, APP] }), LIST)
      expect(decision.allowed).toBe(false)
      expect(rejections).toMatchObject([{ reason: 'origin', origin: `${APP}${joined}${APP}` }])
    })

    it(`${name}: an Origin on two lines never reaches an origin function`, () => {
      const origin = vi.fn(() => true)
      const { decision } = decide(withHeaders(event, 'GET', { Origin: [APP, EVIL] }), { origin })
      expect(decision.allowed).toBe(false)
      expect(origin).not.toHaveBeenCalled()
    })

    it(`${name}: Access-Control-Request-Method on two lines is malformed`, () => {
      const preflight = withHeaders(event, 'OPTIONS', {
        Origin: APP,
        'Access-Control-Request-Method': ['GET', 'PUT'],
      })
      const { decision, rejections } = decide(preflight, LIST)
      expect(decision).toMatchObject({ kind: 'preflight', allowed: false, status: 403 })
      expect(rejections).toMatchObject([{ reason: 'malformed', requestMethod: `GET${joined}PUT` }])
    })
  }

  it('REST API: the last line in `headers` does not hide the first in `multiValueHeaders`', () => {
    const event = { ...restApiEvent, headers: { Origin: APP }, multiValueHeaders: { Origin: [EVIL, APP] } }
    expect(decide(event, LIST).decision.allowed).toBe(false)
  })

  it('a hand-made 1.0 event with `headers` only is read from `headers`', () => {
    const event = { ...restApiEvent, headers: { Origin: APP }, multiValueHeaders: {} }
    expect(decide(event, LIST).decision.allowed).toBe(true)
  })

  it('a 1.0 event with null headers (API Gateway’s test console) is not CORS', () => {
    const event = { ...restApiEvent, headers: null, multiValueHeaders: null }
    expect(decide(event, LIST).decision.kind).toBe('not-cors')
  })
})

describe('csrf (semantics.md §10)', () => {
  const CSRF = { origin: [APP], csrf: true } as const

  it('compares the Origin with the Host header, in any case', () => {
    const sameHost = withHeaders(restApiEvent, 'POST', {
      Origin: 'https://api.example.com',
      Host: 'api.example.com',
    })
    expect(decide(sameHost, CSRF).decision.respond).toBe(false)
    const otherHost = withHeaders(restApiEvent, 'POST', { Origin: EVIL, Host: 'api.example.com' })
    expect(decide(otherHost, CSRF).decision).toMatchObject({ reason: 'csrf', respond: true, status: 403 })
  })

  it('reads Sec-Fetch-Site', () => {
    const forged = withHeaders(httpApiV2Event, 'POST', {
      Origin: EVIL,
      'Sec-Fetch-Site': 'cross-site',
      host: 'x',
    })
    expect(decide(forged, CSRF).decision.reason).toBe('csrf')
    const sameOrigin = withHeaders(httpApiV2Event, 'POST', { 'Sec-Fetch-Site': 'same-origin' })
    expect(decide(sameOrigin, CSRF).decision.respond).toBe(false)
  })

  it('falls back to requestContext.domainName without a Host header', () => {
    const event = withHeaders(functionUrlEvent, 'POST', { origin: 'https://abc.lambda-url.us-west-2.on.aws' })
    const here = {
      ...event,
      requestContext: { ...event.requestContext, domainName: 'abc.lambda-url.us-west-2.on.aws' },
    }
    expect(decide(here, CSRF).decision.respond).toBe(false)
    const elsewhere = { ...event, requestContext: { ...event.requestContext, domainName: 'other.example' } }
    expect(decide(elsewhere, CSRF).decision.reason).toBe('csrf')
  })

  it('reads the configured host header (a proxy’s X-Forwarded-Host)', () => {
    const event = withHeaders(restApiEvent, 'POST', {
      Origin: 'https://www.example.com',
      Host: 'id.execute-api.us-east-1.amazonaws.com',
      'X-Forwarded-Host': 'www.example.com',
    })
    expect(decide(event, CSRF).decision.reason).toBe('csrf')
    expect(decide(event, { ...CSRF, csrf: { hostHeader: 'x-forwarded-host' } }).decision.respond).toBe(false)
  })
})
