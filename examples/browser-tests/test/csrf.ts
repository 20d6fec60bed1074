// The browser proof of `csrf: true` (docs/csrf.md, issue 16), for every example in every engine:
// a real `<form method="POST">` on a refused site reaches the example but never its handler; the
// allowed origin's credentialed `fetch` POST runs it; a form on the example's own origin runs it.
// What reached the server, and whether the handler ran, is read from the example's GET /__stats:
// its counter sits in front of the CORS middleware and keeps each unsafe request's URL,
// `Sec-Fetch-Site`, `Origin` and whether the session cookie came; the POST /api/items handler
// records that it ran (examples/shared/index.js, `recordHandled`).
import type { ExampleStats, ObservedRequest } from '@crossway/example-shared'
import { expect, it } from 'vitest'
import type { EngineContext, EngineName, EnginePage } from './engines/engine'
import type { Target } from './global-setup'

/** What each engine sends with a form post, as measured (Chromium 156, Firefox ESR 153, WebKitGTK 2.50). */
export interface CsrfExpectations {
  /** `Sec-Fetch-Site` on a form post (otherwise the rule falls back to `Origin` against `Host`). */
  sendsSecFetchSite: boolean
  /** The `SameSite=Lax` session cookie on a form post from another site (127.0.0.1 → localhost). */
  laxCookieCrossSite: boolean
  /** The `SameSite=Lax` session cookie on a form post from another origin of the same site. */
  laxCookieSameSite: boolean
}

export const CSRF_EXPECTED: Record<EngineName, CsrfExpectations> = {
  chromium: { sendsSecFetchSite: true, laxCookieCrossSite: false, laxCookieSameSite: true },
  firefox: { sendsSecFetchSite: true, laxCookieCrossSite: false, laxCookieSameSite: true },
  webkit: { sendsSecFetchSite: true, laxCookieCrossSite: false, laxCookieSameSite: true },
}

const HANDLED = 'POST /api/items'

/**
 * Runs in the page: submits a real `<form method="POST">` (hidden inputs, form-encoded, as any
 * HTML form) into a named iframe, and resolves once the answer has loaded there, or 'timeout'.
 * The iframe keeps the page itself in place for the driver.
 */
const submitForm = ({ action, fields }: { action: string; fields: Record<string, string> }) =>
  new Promise<string>((resolve) => {
    const name = `csrf-${Math.random().toString(36).slice(2)}`
    const frame = document.createElement('iframe')
    frame.name = name
    document.body.append(frame)
    const form = document.createElement('form')
    form.method = 'POST'
    form.action = action
    form.target = name
    for (const [field, value] of Object.entries(fields)) {
      const input = document.createElement('input')
      input.type = 'hidden'
      input.name = field
      input.value = value
      form.append(input)
    }
    document.body.append(form)
    const timer = setTimeout(() => resolve('timeout'), 15_000)
    frame.addEventListener('load', () => {
      // The empty frame's own about:blank load (some engines fire it after append) is not the answer.
      try {
        if (frame.contentWindow?.location.href === 'about:blank') return
      } catch {
        // Another origin's document: the answer has loaded.
      }
      clearTimeout(timer)
      resolve('loaded')
    })
    form.requestSubmit()
  })

interface Seen {
  outcome: 'readable' | 'blocked'
  status?: number
  body?: string
}

/** `fetch` from the page; the response's status and text, or 'blocked'. Runs in the page. */
const postFetch = async ({ url }: { url: string }): Promise<Seen> => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'include',
      // Safelisted: no preflight, the request a forged page could send too.
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=tea',
    })
    return { outcome: 'readable', status: response.status, body: await response.text() }
  } catch {
    return { outcome: 'blocked' }
  }
}

/** Sets the session cookie with a credentialed fetch and resolves with its value. Runs in the page. */
const fetchCookie = async ({ url }: { url: string }): Promise<string | null> => {
  try {
    const response = await fetch(url, { credentials: 'include' })
    return ((await response.json()) as { set?: string }).set ?? null
  } catch {
    return null
  }
}

async function stats(target: Target): Promise<ExampleStats> {
  const response = await fetch(`${target.url}/__stats`)
  expect(response.status, `${target.name} serves GET /__stats`).toBe(200)
  return (await response.json()) as ExampleStats
}

/** The request the example received for `url` (path and query), waited for up to 5 s. */
async function received(target: Target, url: string): Promise<ObservedRequest | undefined> {
  const { pathname, search } = new URL(url)
  const deadline = Date.now() + 5000
  for (;;) {
    const found = (await stats(target)).unsafe?.find((r) => r.url === pathname + search)
    if (found || Date.now() > deadline) return found
    await new Promise((r) => setTimeout(r, 100))
  }
}

const ran = (before: ExampleStats, after: ExampleStats) =>
  (after.handled?.[HANDLED] ?? 0) - (before.handled?.[HANDLED] ?? 0)

interface CsrfGroup {
  context: EngineContext
  allowed: EnginePage
  other: EnginePage
}

/** The three CSRF cases for one example, inside its group (a context of its own). */
export function defineCsrfCases(
  name: EngineName,
  target: Target,
  g: CsrfGroup,
  fresh: (base: string, path: string) => string,
  origins: { allowed: string; other: string },
): void {
  const api = target.url as string
  const sameSite = target.sameSiteUrl as string
  const expected = CSRF_EXPECTED[name]
  const site = (value: string) => (expected.sendsSecFetchSite ? value : 'absent (Origin vs Host decides)')
  const log = (what: string, r: ObservedRequest | undefined) =>
    console.log(
      `browser tests: ${name} × ${target.name}: ${what}: Sec-Fetch-Site ${r?.site ?? 'none'}, ` +
        `Origin ${r?.origin ?? 'none'}, session cookie ${r?.cookie ? 'sent' : 'not sent'}, ` +
        `handler ${r?.handled ? 'ran' : 'did not run'}`,
    )

  it(
    `csrf: a real <form method="POST"> on the refused page (http://127.0.0.1:PAGE2) reaches the server ` +
      `and the handler never runs, in ${name}: to localhost (another site) Sec-Fetch-Site ${site('cross-site')}, ` +
      `session cookie ${expected.laxCookieCrossSite ? 'sent' : 'withheld'}; to 127.0.0.1 (same site) ` +
      `Sec-Fetch-Site ${site('same-site')}, session cookie ${expected.laxCookieSameSite ? 'sent' : 'withheld'}`,
    async () => {
      // Log in on both hosts: a top-level visit to the cookie route sets crossway_session
      // first-party (SameSite=Lax), as a user's own visit would.
      for (const base of [sameSite, api]) {
        const page = await g.context.open(base, '/api/cookie')
        await page.close()
      }
      const crossSite = fresh(sameSite, '/api/items')
      const sameSiteOtherOrigin = fresh(api, '/api/items')
      const before = await stats(target)
      for (const action of [crossSite, sameSiteOtherOrigin]) {
        expect(await g.other.run(submitForm, { action, fields: { name: 'forged' } }), action).toBe('loaded')
      }
      const toOtherSite = await received(target, crossSite)
      const toSameSite = await received(target, sameSiteOtherOrigin)
      log('form from the refused site to localhost', toOtherSite)
      log('form from the refused site to 127.0.0.1', toSameSite)
      // The browser did send both posts: the test would prove nothing otherwise.
      expect(toOtherSite, 'the cross-site form post reached the server').toBeDefined()
      expect(toSameSite, 'the same-site form post reached the server').toBeDefined()
      expect(toOtherSite?.origin).toBe(origins.other)
      expect(toSameSite?.origin).toBe(origins.other)
      expect(toOtherSite?.site).toBe(expected.sendsSecFetchSite ? 'cross-site' : null)
      expect(toSameSite?.site).toBe(expected.sendsSecFetchSite ? 'same-site' : null)
      expect(toOtherSite?.cookie).toBe(expected.laxCookieCrossSite)
      expect(toSameSite?.cookie).toBe(expected.laxCookieSameSite)
      // …and the handler ran for neither.
      expect(toOtherSite?.handled).toBe(false)
      expect(toSameSite?.handled).toBe(false)
      expect(ran(before, await stats(target))).toBe(0)
    },
  )

  it(`csrf: the allowed page's fetch POST with credentials: 'include' (no preflight) is readable, carries the cookie, and the handler runs, in ${name} with Sec-Fetch-Site ${site('same-site')}`, async () => {
    const login = await g.allowed.run(fetchCookie, { url: fresh(sameSite, '/api/cookie') })
    expect(login).toMatch(/^[0-9a-f-]{36}$/)
    const url = fresh(sameSite, '/api/items')
    const before = await stats(target)
    const seen = await g.allowed.run(postFetch, { url })
    expect(seen.outcome).toBe('readable')
    expect(seen.status).toBe(200)
    expect(JSON.parse(seen.body as string)).toMatchObject({ created: { name: 'tea' }, session: login })
    const r = await received(target, url)
    log('fetch POST from the allowed origin to localhost', r)
    expect(r?.origin).toBe(origins.allowed)
    // localhost:PAGE → localhost:<port> is the same site: the rule still asks the policy.
    expect(r?.site).toBe(expected.sendsSecFetchSite ? 'same-site' : null)
    expect(r?.handled).toBe(true)
    expect(ran(before, await stats(target))).toBe(1)
  })

  it(`csrf: a <form method="POST"> on the example's own origin posts to it and the handler runs, in ${name} with Sec-Fetch-Site ${site('same-origin')}`, async () => {
    const page = await g.context.open(api, fresh('', '/api/hello'))
    try {
      const url = fresh(api, '/api/items')
      const before = await stats(target)
      expect(await page.run(submitForm, { action: url, fields: { name: 'tea' } })).toBe('loaded')
      const r = await received(target, url)
      log('form on its own origin', r)
      expect(r?.site).toBe(expected.sendsSecFetchSite ? 'same-origin' : null)
      expect(r?.handled).toBe(true)
      expect(ran(before, await stats(target))).toBe(1)
    } finally {
      await page.close()
    }
  })
}
