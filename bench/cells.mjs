// The requests of the matrix and what a correct CORS answer to each looks like.

import { MAX_AGE, ORIGINS } from './policy.mjs'

const ALLOWED = ORIGINS[1]
const DISALLOWED = 'https://evil.example.net'

/** 100 KB of well-formed header names: the size of an abusive, not a malformed, preflight. */
export const HUGE_ACRH = (() => {
  const names = []
  let length = -1
  for (let i = 0; length < 100 * 1024; i++) {
    const name = `x-h-${String(i).padStart(6, '0')}`
    names.push(name)
    length += name.length + 1
  }
  return names.join(',').slice(0, 100 * 1024)
})()

export const CELLS = [
  {
    id: 'actual-allowed',
    label: 'allowed GET',
    method: 'GET',
    headers: { origin: ALLOWED },
  },
  {
    id: 'actual-disallowed',
    label: 'disallowed GET',
    method: 'GET',
    headers: { origin: DISALLOWED },
  },
  {
    id: 'preflight',
    label: 'preflight',
    method: 'OPTIONS',
    headers: {
      origin: ALLOWED,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'content-type',
    },
  },
  {
    id: 'preflight-100k',
    label: 'preflight, 100 KB ACRH',
    method: 'OPTIONS',
    headers: {
      origin: ALLOWED,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': HUGE_ACRH,
    },
  },
]

/** Nest rows cover the two common cells only. */
export const NEST_CELLS = ['actual-allowed', 'preflight']

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
]

/**
 * Checks one response; returns the problems found (empty when correct). Without CORS any
 * status is accepted (a framework may 404 or auto-answer OPTIONS) but no CORS header is.
 * The peers' answer to the 100 KB preflight is recorded, not judged: refusing it is our
 * policy (semantics.md §5), not theirs.
 */
export function check(variant, cell, res) {
  const h = res.headers
  const problems = []
  const expect = (cond, what) => {
    if (!cond) problems.push(what)
  }
  if (variant === 'none') {
    for (const name of CORS_HEADERS) expect(h[name] === undefined, `unexpected ${name}`)
    if (cell.method === 'GET') expect(res.status === 200 && res.body === 'ok', `status ${res.status}`)
    return problems
  }
  if (cell.id === 'actual-allowed') {
    expect(res.status === 200 && res.body === 'ok', `status ${res.status}`)
    expect(h['access-control-allow-origin'] === ALLOWED, 'ACAO')
    expect(h['access-control-allow-credentials'] === 'true', 'ACAC')
    expect(/\borigin\b/i.test(h.vary ?? ''), 'Vary: Origin')
  } else if (cell.id === 'actual-disallowed') {
    // Only ACAO grants anything; a stray ACAC (which @fastify/cors sends) is shown, not judged.
    expect(res.status === 200 && res.body === 'ok', `status ${res.status}`)
    expect(h['access-control-allow-origin'] === undefined, 'unexpected ACAO')
  } else if (cell.id === 'preflight') {
    expect(res.status >= 200 && res.status < 300, `status ${res.status}`)
    expect(h['access-control-allow-origin'] === ALLOWED, 'ACAO')
    expect(h['access-control-allow-credentials'] === 'true', 'ACAC')
    expect(/\bPUT\b/.test(h['access-control-allow-methods'] ?? ''), 'ACAM has PUT')
    expect(/\bcontent-type\b/i.test(h['access-control-allow-headers'] ?? ''), 'ACAH has content-type')
    expect(h['access-control-max-age'] === String(MAX_AGE), 'ACMA')
  } else if (cell.id === 'preflight-100k' && (variant === 'ours' || variant === 'floor')) {
    expect(res.status === 403, `status ${res.status}`)
    for (const name of CORS_HEADERS) expect(h[name] === undefined, `unexpected ${name}`)
  }
  return problems
}

const SHORT = ['ACAO', 'ACAC', 'ACAM', 'ACAH', 'ACMA']

/** One line on what a server answered, for the report: the status and the CORS headers sent. */
export function describe(res) {
  const parts = [String(res.status)]
  CORS_HEADERS.forEach((name, i) => {
    const value = res.headers[name]
    if (value === undefined) return
    parts.push(value.length > 1024 ? `${SHORT[i]} (${Math.round(value.length / 1024)} KB)` : SHORT[i])
  })
  return parts.join(' ')
}
