// The grid's columns: one request each, with what the shared policy should make of it. A cell
// that differs from its column's expectation is a framework that disagrees with the policy.
// `t.attempt(request)` sends the request from a page origin and asks the probe what came back.

const json = (text) => {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
const nonce = () => Math.random().toString(36).slice(2, 10)

const blocked = (a) => ({ match: a.browser.outcome === 'blocked', summary: 'blocked' })
const readable =
  (status = 200) =>
  (a) => ({
    match: a.browser.outcome === 'readable' && a.browser.status === status,
    summary: a.browser.outcome === 'readable' ? `${a.browser.status} readable` : a.browser.outcome,
  })

const PUT_JSON = {
  method: 'PUT',
  path: '/api/items',
  headers: { 'content-type': 'application/json', 'x-api-key': 'demo' },
  body: '{"name":"tea"}',
}

export const scenarios = [
  {
    id: 'simple-get',
    title: 'GET /api/hello',
    note: 'simple request',
    expect: 'readable',
    run: async (t) => readable()(await t.attempt({ path: '/api/hello' })),
  },
  {
    id: 'other-origin',
    title: 'GET from the other origin',
    note: 'origin not in the policy',
    expect: 'blocked',
    run: async (t) => blocked(await t.attempt({ path: '/api/hello', from: 'other' })),
  },
  {
    id: 'put-json',
    title: 'PUT application/json',
    note: 'preflighted',
    expect: 'readable',
    run: async (t) => readable()(await t.attempt(PUT_JSON)),
  },
  {
    id: 'header-not-allowed',
    title: 'PUT + x-debug header',
    note: 'header not in allowedHeaders',
    expect: 'blocked',
    run: async (t) =>
      blocked(await t.attempt({ ...PUT_JSON, headers: { ...PUT_JSON.headers, 'x-debug': '1' } })),
  },
  {
    id: 'method-not-allowed',
    title: 'PATCH /api/items',
    note: 'method not in methods',
    expect: 'blocked',
    run: async (t) => blocked(await t.attempt({ ...PUT_JSON, method: 'PATCH' })),
  },
  {
    id: 'error-500',
    title: 'GET /api/error',
    note: 'the app throws',
    expect: 'readable 500',
    run: async (t) => readable(500)(await t.attempt({ path: '/api/error' })),
  },
  {
    id: 'exposed-header',
    title: 'x-request-id / x-internal',
    note: 'exposed / not exposed',
    expect: 'id readable, internal hidden',
    run: async (t) => {
      const a = await t.attempt({ path: '/api/hello' })
      const h = a.browser.headers ?? {}
      const id = 'x-request-id' in h
      const hidden = !('x-internal' in h)
      return {
        match: a.browser.outcome === 'readable' && id && hidden,
        summary:
          a.browser.outcome === 'readable'
            ? `id ${id ? '✓' : '✗'} · internal ${hidden ? 'hidden' : 'VISIBLE'}`
            : a.browser.outcome,
      }
    },
  },
  {
    id: 'cookie',
    title: 'cookie round trip',
    note: "credentials: 'include'",
    expect: 'cookie sent back',
    // Cookies ignore ports: every example on 127.0.0.1 shares the jar, so one at a time.
    serial: true,
    run: async (t) => {
      const set = await t.attempt({ path: '/api/cookie', credentials: 'include' })
      const who = await t.attempt({ path: '/api/whoami', credentials: 'include' })
      const given = json(set.browser.body)?.set
      const back = json(who.browser.body)?.cookie
      const match = set.browser.outcome === 'readable' && given !== undefined && back === given
      let summary = 'cookie ✓'
      if (set.browser.outcome !== 'readable') summary = `set: ${set.browser.outcome}`
      else if (who.browser.outcome !== 'readable') summary = `whoami: ${who.browser.outcome}`
      else if (!back) summary = 'cookie not sent (third-party cookies blocked?)'
      else if (back !== given) summary = 'another cookie came back'
      return { match, summary, attempts: [set, who] }
    },
  },
  {
    id: 'public-credentials',
    title: 'credentials to /api/public/hello',
    note: "'*' never goes with cookies",
    expect: 'blocked',
    run: async (t) => blocked(await t.attempt({ path: '/api/public/hello', credentials: 'include' })),
  },
  {
    id: 'preflight-cache',
    title: 'same PUT again after 6 s',
    note: 'maxAge 600: no new OPTIONS',
    expect: '0 new OPTIONS',
    run: async (t) => {
      // Chromium caches a preflight 5 s even without Max-Age: only a later repeat shows it.
      const request = { ...PUT_JSON, path: `/api/items?cache=${nonce()}` }
      const first = await t.send(request)
      const before = await t.stats()
      await new Promise((r) => setTimeout(r, 6000))
      const second = await t.send(request)
      const after = await t.stats()
      const added = after.options - before.options
      const ok = first.outcome === 'readable' && second.outcome === 'readable'
      return {
        match: ok && added === 0,
        summary: ok ? `${added} new OPTIONS` : `${first.outcome} / ${second.outcome}`,
        attempts: [{ request, browser: second, note: `OPTIONS received between the two: ${added}` }],
      }
    },
  },
]
