// The grid's columns: one request each, with what the shared policy should make of it. A cell
// that differs from its column's expectation is a framework that disagrees with the policy.
// `t.attempt(request)` sends the request from a page origin and asks the probe what came back.
// `needs` says what the column relies on in the browser: every column must give the same
// answer in a default Chrome, Firefox or Safari, so none may rely on a browser setting.

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

/** A form-encoded POST to the state-changing route, from one of the page origins. */
const formPost = (from) => ({
  from,
  method: 'POST',
  path: `/api/items?csrf=${nonce()}`,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'name=tea',
})
const handlerRuns = (before, after) =>
  (after.handled?.['POST /api/items'] ?? 0) - (before.handled?.['POST /api/items'] ?? 0)

export const scenarios = [
  {
    id: 'simple-get',
    title: 'GET /api/hello',
    note: 'simple request',
    needs: 'nothing: a GET without custom headers is never preflighted',
    expect: 'readable',
    run: async (t) => readable()(await t.attempt({ path: '/api/hello' })),
  },
  {
    id: 'other-origin',
    title: 'GET from the other origin',
    note: 'origin not in the policy',
    needs: 'the runner frame on the refused origin (127.0.0.1:PAGE2)',
    expect: 'blocked',
    run: async (t) => blocked(await t.attempt({ path: '/api/hello', from: 'other' })),
  },
  {
    id: 'put-json',
    title: 'PUT application/json',
    note: 'preflighted',
    needs: 'a preflight: application/json and x-api-key are not safelisted',
    expect: 'readable',
    run: async (t) => readable()(await t.attempt(PUT_JSON)),
  },
  {
    id: 'header-not-allowed',
    title: 'PUT + x-debug header',
    note: 'header not in allowedHeaders',
    needs: 'a preflight announcing x-debug',
    expect: 'blocked',
    run: async (t) =>
      blocked(await t.attempt({ ...PUT_JSON, headers: { ...PUT_JSON.headers, 'x-debug': '1' } })),
  },
  {
    id: 'method-not-allowed',
    title: 'PATCH /api/items',
    note: 'method not in methods',
    needs: 'a preflight announcing PATCH',
    expect: 'blocked',
    run: async (t) => blocked(await t.attempt({ ...PUT_JSON, method: 'PATCH' })),
  },
  {
    id: 'error-500',
    title: 'GET /api/error',
    note: 'the app throws',
    needs: "CORS headers on the framework's error response",
    expect: 'readable 500',
    run: async (t) => readable(500)(await t.attempt({ path: '/api/error' })),
  },
  {
    id: 'exposed-header',
    title: 'x-request-id / x-internal',
    note: 'exposed / not exposed',
    needs: 'Access-Control-Expose-Headers: x-request-id',
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
    note: "credentials: 'include', same site",
    // What a credentialed CORS call means to show is the policy's credentials answer, not a
    // browser's third-party-cookie setting: so it goes to http://localhost:<port>, another
    // origin of the page's own site, as a dev server calling a local API does. Cookies there
    // are first-party (SameSite=Lax), in every browser's default settings. Across sites
    // (localhost → 127.0.0.1) Chrome and Safari block third-party cookies by default and
    // Firefox partitions them: see docs/cors-across-browsers.md.
    needs: "the API as http://localhost:<port>: another origin of this page's site, so first-party cookies",
    expect: 'cookie sent back',
    // Cookies ignore ports: every example on localhost shares the jar, so one at a time.
    serial: true,
    run: async (t) => {
      const set = await t.attempt({ path: '/api/cookie', credentials: 'include', to: 'same-site' })
      const who = await t.attempt({ path: '/api/whoami', credentials: 'include', to: 'same-site' })
      const given = json(set.browser.body)?.set
      const back = json(who.browser.body)?.cookie
      const match = set.browser.outcome === 'readable' && given !== undefined && back === given
      let summary = 'cookie ✓'
      if (set.browser.outcome !== 'readable') summary = `set: ${set.browser.outcome}`
      else if (who.browser.outcome !== 'readable') summary = `whoami: ${who.browser.outcome}`
      else if (!back) summary = 'cookie not sent back'
      else if (back !== given) summary = 'another cookie came back'
      return { match, summary, attempts: [set, who] }
    },
  },
  {
    id: 'public-credentials',
    title: 'credentials to /api/public/hello',
    note: "'*' never goes with cookies",
    needs: "credentials: 'include' to a route answering Access-Control-Allow-Origin: *",
    expect: 'blocked',
    run: async (t) => blocked(await t.attempt({ path: '/api/public/hello', credentials: 'include' })),
  },
  // csrf: true. A form-encoded POST is never preflighted, so CORS alone would let the refused
  // page's request reach the handler (the browser would only hide the answer). These two
  // columns read the example's handler counter (GET /__stats) around the request.
  {
    id: 'csrf-refused',
    title: 'POST from the other origin',
    note: 'csrf: a simple POST, as a <form> sends',
    needs: 'nothing: a form-encoded POST is never preflighted, so only csrf stops it before the handler',
    expect: 'blocked, 403, handler not run',
    run: async (t) => {
      const before = await t.stats()
      const a = await t.attempt(formPost('other'))
      const ran = handlerRuns(before, await t.stats())
      const status = a.probe.actual?.status
      return {
        match: a.browser.outcome === 'blocked' && status === 403 && ran === 0,
        summary: ran ? `handler ran ${ran}×` : `${a.browser.outcome} · ${status ?? '?'}, handler not run`,
      }
    },
  },
  {
    id: 'csrf-allowed',
    title: 'POST from the allowed origin',
    note: 'csrf: the policy trusts this origin',
    needs: 'nothing: the same simple POST, from the origin the policy lists',
    expect: 'readable, handler ran',
    run: async (t) => {
      const before = await t.stats()
      const a = await t.attempt(formPost('allowed'))
      // The browser's request, then the playground server's replay: the handler runs for both.
      const ran = handlerRuns(before, await t.stats())
      const r = readable()(a)
      return { match: r.match && ran >= 1, summary: `${r.summary} · handler ran ${ran}×` }
    },
  },
  {
    id: 'preflight-cache',
    title: 'same PUT again after 6 s',
    note: 'maxAge 600: no new OPTIONS',
    needs:
      'a preflight cache: all three engines keep one 5 s without Max-Age, so the repeat waits 6 s. Firefox: see the cell',
    expect: 'Access-Control-Max-Age: 600, 0 new OPTIONS',
    run: async (t) => {
      // Chromium, Firefox and WebKit cache a preflight 5 s even without Max-Age: only a later
      // repeat shows the policy's max-age at work.
      const request = { ...PUT_JSON, path: `/api/items?cache=${nonce()}` }
      const first = await t.attempt(request)
      const maxAge = first.probe.preflight?.headers?.['access-control-max-age']
      const before = await t.stats()
      await new Promise((r) => setTimeout(r, 6000))
      const second = await t.send(request)
      const after = await t.stats()
      const added = after.options - before.options
      const ok = first.browser.outcome === 'readable' && second.outcome === 'readable' && maxAge === '600'
      // Firefox re-sends some preflights a max-age covers (seen for fresh profiles; see
      // docs/cors-across-browsers.md): the policy's part is the header, so in Firefox the cell
      // checks the header and says what the browser did, instead of blaming the framework.
      const gecko = /\bFirefox\//.test(navigator.userAgent)
      let summary = `${added} new OPTIONS`
      if (!ok)
        summary =
          maxAge === '600' ? `${first.browser.outcome} / ${second.outcome}` : `max-age: ${maxAge ?? 'none'}`
      else if (added !== 0 && gecko)
        summary = `max-age 600 sent; Firefox re-sent the preflight (${added} new OPTIONS)`
      return {
        match: ok && (added === 0 || gecko),
        summary,
        attempts: [first, { request, browser: second, note: `OPTIONS received between the two: ${added}` }],
      }
    },
  },
]
