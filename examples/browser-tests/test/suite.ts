// What a real browser does with every example's CORS headers, written once and run in each
// engine (chromium.test.ts, firefox.test.ts, webkit.test.ts call `defineBrowserSuite`). The
// page runs on http://localhost:P (allowed by the shared policy) and http://127.0.0.1:P2 (not
// allowed); the examples listen on 127.0.0.1 and are called as http://127.0.0.1:<port> (another
// site) or, for credentialed requests, as http://localhost:<port> (the page's own site).
//
// What every engine must agree on is asserted in every engine: readable vs blocked (a blocked
// fetch rejects with a TypeError; the text differs per engine and is never asserted), status,
// visible and exposed headers, credentials, and, from the server's side, that a request whose
// preflight was refused never arrives. The engine's own words on why it blocked a request are
// their own cases, skipped with the reason where the engine does not report them (WebKit).
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { defineCsrfCases } from './csrf'
import type { Engine, EngineContext, EngineLauncher, EngineName, EnginePage } from './engines/engine'
import { EXPECTED } from './expectations'
import type { Target } from './global-setup'
import type { LabSeen } from './lab-server'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..')

export interface Seen {
  outcome: 'readable' | 'blocked'
  status?: number
  headers?: Record<string, string>
  body?: string
  errorName?: string
  error?: string
}

interface Init {
  method?: string
  headers?: Record<string, string>
  body?: string
  credentials?: 'omit' | 'same-origin' | 'include'
}

/** `fetch` as page code calls it, and what page code can see of the result. Runs in the page. */
const pageFetch = async ({ url, init }: { url: string; init: Init }): Promise<Seen> => {
  try {
    // No `cache: 'no-store'`: Chromium then skips its preflight cache too. Every URL is fresh
    // anyway, so no HTTP cache entry can answer in the server's place.
    const response = await fetch(url, init)
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      headers[name] = value
    })
    return { outcome: 'readable', status: response.status, headers, body: await response.text() }
  } catch (error) {
    const e = error as Error
    return { outcome: 'blocked', errorName: e?.name, error: String(e) }
  }
}

const PUT_JSON = {
  method: 'PUT',
  headers: { 'content-type': 'application/json', 'x-api-key': 'demo' },
  body: JSON.stringify({ name: 'tea' }),
}

/**
 * The engines' own words for each block. Chromium's console and Firefox's page error differ in
 * wording, not in substance; WebKit states nothing a driver can read.
 */
const REASONS: Record<string, Partial<Record<EngineName, string[]>>> = {
  noAllowOrigin: {
    chromium: ["No 'Access-Control-Allow-Origin' header is present on the requested resource"],
    firefox: ['CORS header ‘Access-Control-Allow-Origin’ missing'],
  },
  preflightNoAllowOrigin: {
    chromium: [
      "Response to preflight request doesn't pass access control check",
      "No 'Access-Control-Allow-Origin' header is present on the requested resource",
    ],
    firefox: ['CORS header ‘Access-Control-Allow-Origin’ missing'],
  },
  headerNotAllowed: {
    chromium: [
      'Request header field x-debug is not allowed by Access-Control-Allow-Headers in preflight response',
    ],
    firefox: ['header ‘x-debug’ is not allowed according to header ‘Access-Control-Allow-Headers’'],
  },
  methodNotAllowed: {
    chromium: ['Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response'],
    firefox: ['Did not find method in CORS header ‘Access-Control-Allow-Methods’'],
  },
  wildcardWithCredentials: {
    chromium: [
      "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'",
    ],
    firefox: ['Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’'],
  },
}

export function defineBrowserSuite(launcher: EngineLauncher): void {
  const env = inject('crossway')
  const name = launcher.name
  const expected = EXPECTED[name]
  let engine: Engine

  let sequence = 0
  /** A URL no earlier request used: its reason message and its preflight cache entry are its own. */
  function fresh(base: string, path: string): string {
    return `${base}${path}${path.includes('?') ? '&' : '?'}n=${name}-${++sequence}`
  }

  async function exampleStats(target: Target): Promise<{ options: number; methods: Record<string, number> }> {
    const response = await fetch(`${target.url}/__stats`)
    expect(response.status, `${target.name} serves GET /__stats`).toBe(200)
    const stats = (await response.json()) as { options: number; methods?: Record<string, number> }
    return { options: stats.options, methods: stats.methods ?? {} }
  }

  const sent = (before: { methods: Record<string, number> }, after: typeof before, method: string) =>
    (after.methods[method] ?? 0) - (before.methods[method] ?? 0)

  /** A reason case: asserted where the engine reports reasons, skipped with why where not. */
  function itReason(title: string, check: () => Promise<void>) {
    if (launcher.reasons === 'reported') it(title, check)
    else it.skip(`${title} (SKIPPED in ${name}: ${launcher.reasons.unavailable})`, check)
  }

  async function expectReason(page: EnginePage, url: string, key: keyof typeof REASONS) {
    const reason = await page.corsReason(url)
    expect(reason, `${name} reported why ${url} was blocked`).not.toBeNull()
    for (const part of REASONS[key]?.[name] ?? []) expect(reason).toContain(part)
  }

  interface Group {
    context: EngineContext
    allowed: EnginePage
    other: EnginePage
  }

  /**
   * A describe block with a context of its own: no cookie or cache entry crosses groups.
   * `setup` runs once the pages are open, before the group's tests.
   */
  function group(title: string, body: (g: Group) => void, setup?: (g: Group) => Promise<void>) {
    describe(title, () => {
      const g = {} as Group
      beforeAll(async () => {
        g.context = await engine.newContext()
        // A near-empty page on each origin: fetches from it carry that origin.
        g.allowed = await g.context.open(env.origins.allowed, '/runner.html')
        g.other = await g.context.open(env.origins.other, '/runner.html')
        await setup?.(g)
      })
      afterAll(async () => {
        await g.other?.close()
        await g.allowed?.close()
        await g.context?.close()
      })
      body(g)
    })
  }

  describe(`[${name}]`, () => {
    beforeAll(async () => {
      engine = await launcher.launch()
      console.log(`browser tests: ${name} is ${engine.version}`)
    })
    afterAll(async () => {
      await engine?.close()
    })

    for (const target of env.skipped) {
      // Visible in the report as skipped, with the reason in the name.
      describe.skip(`${target.name}: SKIPPED (${target.reason})`, () => {
        it('every browser test', () => {})
      })
    }

    for (const target of env.failed) {
      // An example that is there but does not start is skipped, loudly, while it is being
      // finished; BROWSER_TESTS_STRICT=1 (CI) makes it a failure instead.
      if (process.env.BROWSER_TESTS_STRICT) {
        describe(target.name, () => {
          it('starts', () => {
            expect.fail(`${target.name} did not start: ${target.reason}\n${target.log}`)
          })
        })
      } else {
        describe.skip(`${target.name}: SKIPPED, FAILED TO START (${target.reason})`, () => {
          it('every browser test', () => {})
        })
      }
    }

    for (const target of env.running) {
      const api = target.url as string
      const sameSite = target.sameSiteUrl as string

      group(target.name, (g) => {
        it('a simple GET from the allowed origin is readable', async () => {
          const seen = await g.allowed.run(pageFetch, { url: fresh(api, '/api/hello'), init: {} })
          expect(seen.outcome).toBe('readable')
          expect(seen.status).toBe(200)
          expect(JSON.parse(seen.body as string)).toMatchObject({ message: 'hello' })
        })

        const refusedGet = fresh(api, '/api/hello')
        it('a page on an origin the policy does not list is blocked (a TypeError)', async () => {
          const seen = await g.other.run(pageFetch, { url: refusedGet, init: {} })
          expect(seen.outcome).toBe('blocked')
          expect(seen.errorName).toBe('TypeError')
        })
        itReason('… and the engine says: no Access-Control-Allow-Origin', () =>
          expectReason(g.other, refusedGet, 'noAllowOrigin'),
        )

        const refusedPut = fresh(api, '/api/items')
        it('its preflighted PUT is refused at the preflight: the server sees the OPTIONS, never the PUT', async () => {
          const before = await exampleStats(target)
          expect((await g.other.run(pageFetch, { url: refusedPut, init: PUT_JSON })).outcome).toBe('blocked')
          const after = await exampleStats(target)
          expect(sent(before, after, 'OPTIONS')).toBeGreaterThanOrEqual(1)
          expect(sent(before, after, 'PUT')).toBe(0)
        })
        itReason('… and the engine says: the preflight has no Access-Control-Allow-Origin', () =>
          expectReason(g.other, refusedPut, 'preflightNoAllowOrigin'),
        )

        it('a preflighted PUT with content-type: application/json works (one OPTIONS, one PUT)', async () => {
          const before = await exampleStats(target)
          const seen = await g.allowed.run(pageFetch, { url: fresh(api, '/api/items'), init: PUT_JSON })
          expect(seen.outcome).toBe('readable')
          expect(seen.status).toBe(200)
          expect(JSON.parse(seen.body as string)).toMatchObject({ saved: { name: 'tea' } })
          const after = await exampleStats(target)
          expect(sent(before, after, 'OPTIONS')).toBe(1)
          expect(sent(before, after, 'PUT')).toBe(1)
        })

        const headerUrl = fresh(api, '/api/items')
        it('a request header outside allowedHeaders is blocked, and the PUT never arrives', async () => {
          const before = await exampleStats(target)
          const init = { ...PUT_JSON, headers: { ...PUT_JSON.headers, 'x-debug': '1' } }
          const seen = await g.allowed.run(pageFetch, { url: headerUrl, init })
          expect(seen.outcome).toBe('blocked')
          expect(seen.errorName).toBe('TypeError')
          const after = await exampleStats(target)
          expect(sent(before, after, 'OPTIONS')).toBeGreaterThanOrEqual(1)
          expect(sent(before, after, 'PUT')).toBe(0)
        })
        itReason('… and the engine names the header x-debug', () =>
          expectReason(g.allowed, headerUrl, 'headerNotAllowed'),
        )

        const methodUrl = fresh(api, '/api/items')
        it('a method outside methods is blocked, and the PATCH never arrives', async () => {
          const before = await exampleStats(target)
          const seen = await g.allowed.run(pageFetch, {
            url: methodUrl,
            init: { ...PUT_JSON, method: 'PATCH' },
          })
          expect(seen.outcome).toBe('blocked')
          expect(seen.errorName).toBe('TypeError')
          const after = await exampleStats(target)
          expect(sent(before, after, 'OPTIONS')).toBeGreaterThanOrEqual(1)
          expect(sent(before, after, 'PATCH')).toBe(0)
        })
        itReason('… and the engine names the method PATCH', () =>
          expectReason(g.allowed, methodUrl, 'methodNotAllowed'),
        )

        it("credentials: 'include' to http://localhost:<port> (same site) sends and receives the cookie", async () => {
          const set = await g.allowed.run(pageFetch, {
            url: fresh(sameSite, '/api/cookie'),
            init: { credentials: 'include' },
          })
          expect(set.outcome).toBe('readable')
          const value = JSON.parse(set.body as string).set as string
          expect(value).toMatch(/^[0-9a-f-]{36}$/)

          const back = await g.allowed.run(pageFetch, {
            url: fresh(sameSite, '/api/whoami'),
            init: { credentials: 'include' },
          })
          expect(back.outcome).toBe('readable')
          expect(JSON.parse(back.body as string).cookie).toBe(value)

          // Without 'include' a cross-origin fetch carries no cookie at all.
          const without = await g.allowed.run(pageFetch, { url: fresh(sameSite, '/api/whoami'), init: {} })
          expect(without.outcome).toBe('readable')
          expect(JSON.parse(without.body as string).cookie).toBeNull()
        })

        const publicUrl = fresh(api, '/api/public/hello')
        const refusedWhoami = fresh(sameSite, '/api/whoami')
        it("credentials: 'include' is blocked where the policy does not allow credentials", async () => {
          // /api/public/* answers `*`: readable without credentials…
          const open = await g.allowed.run(pageFetch, { url: fresh(api, '/api/public/hello'), init: {} })
          expect(open.outcome).toBe('readable')
          expect(open.headers?.['content-type']).toContain('application/json')
          // …and never with them.
          const withCredentials = await g.allowed.run(pageFetch, {
            url: publicUrl,
            init: { credentials: 'include' },
          })
          expect(withCredentials.outcome).toBe('blocked')
          // A refused origin gets nothing, cookie or not.
          const refused = await g.other.run(pageFetch, {
            url: refusedWhoami,
            init: { credentials: 'include' },
          })
          expect(refused.outcome).toBe('blocked')
        })
        itReason("… and the engine says: '*' is refused with credentials", () =>
          expectReason(g.allowed, publicUrl, 'wildcardWithCredentials'),
        )

        it('an exposed response header is readable and a non-exposed one is not', async () => {
          const url = fresh(api, '/api/hello')
          const seen = await g.allowed.run(pageFetch, { url, init: {} })
          expect(seen.outcome).toBe('readable')
          expect(seen.headers?.['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
          expect(seen.headers).not.toHaveProperty('x-internal')
          // The server does send it: the browser hides it because the policy does not expose it.
          const direct = await fetch(url, { headers: { origin: env.origins.allowed } })
          expect(direct.headers.get('x-internal')).toBe('not-exposed')
        })

        it('an error route (500) is readable by the allowed origin', async () => {
          const seen = await g.allowed.run(pageFetch, { url: fresh(api, '/api/error'), init: {} })
          expect(seen.outcome).toBe('readable')
          expect(seen.status).toBe(500)
        })

        defineCsrfCases(name, target, g, fresh, env.origins)
      })
    }

    // All three engines keep a preflight 5 s even without Access-Control-Max-Age (measured in
    // "engine differences"), so the repeat comes after 6 s: only the max-age can explain a
    // missing second OPTIONS. Every example waits at once.
    const cacheCounts = new Map<string, { first: Seen; second: Seen; added: number[] }>()
    group(
      'preflight cache: maxAge 600',
      () => {
        for (const target of env.running) {
          const title = `${target.name}: the same preflighted request 6 s later sends no new OPTIONS`
          if (expected.preflightReuse !== true) {
            it.skip(`${title} (SKIPPED in ${name}: ${expected.preflightReuse.unreliable})`, () => {})
            continue
          }
          it(title, () => {
            const seen = cacheCounts.get(target.name)
            expect(seen?.first.outcome).toBe('readable')
            expect(seen?.second.outcome).toBe('readable')
            expect(seen?.added).toEqual([1, 0])
          })
        }
      },
      async (g) => {
        if (expected.preflightReuse !== true) return
        await Promise.all(
          env.running.map(async (target) => {
            const url = fresh(target.url as string, '/api/items')
            const c0 = (await exampleStats(target)).options
            const first = await g.allowed.run(pageFetch, { url, init: PUT_JSON })
            const c1 = (await exampleStats(target)).options
            await new Promise((r) => setTimeout(r, 6000))
            const second = await g.allowed.run(pageFetch, { url, init: PUT_JSON })
            const c2 = (await exampleStats(target)).options
            cacheCounts.set(target.name, { first, second, added: [c1 - c0, c2 - c1] })
          }),
        )
      },
    )

    defineEngineDifferences(name, expected, env, fresh, group)
    definePlayground(() => engine, name, env)
  })
}

type Env = ReturnType<typeof inject<'crossway'>>

async function labSeen(env: Env, url: string): Promise<LabSeen> {
  const path = new URL(url).pathname
  const response = await fetch(`${env.lab.sameSite}/__lab-stats?path=${encodeURIComponent(path)}`)
  return (await response.json()) as LabSeen
}

function defineEngineDifferences(
  name: EngineName,
  expected: (typeof EXPECTED)[EngineName],
  env: Env,
  fresh: (base: string, path: string) => string,
  group: (title: string, body: (g: { allowed: EnginePage }) => void) => void,
) {
  // Every lab request gets a path of its own: the lab counts by path.
  const lab = (base: string, query: string) =>
    fresh(base, `/${name}-${Math.random().toString(36).slice(2, 10)}?${query}`)
  const PUT = { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }

  group('engine differences (against the lab server)', (g) => {
    it('no Access-Control-Max-Age: a preflight is reused at once and sent again after 6 s (all three: default cache ≈5 s)', async () => {
      const url = lab(env.lab.sameSite, 'x=1')
      expect((await g.allowed.run(pageFetch, { url, init: PUT })).outcome).toBe('readable')
      expect((await g.allowed.run(pageFetch, { url, init: PUT })).outcome).toBe('readable')
      const early = (await labSeen(env, url)).methods
      await new Promise((r) => setTimeout(r, 6000))
      expect((await g.allowed.run(pageFetch, { url, init: PUT })).outcome).toBe('readable')
      const late = (await labSeen(env, url)).methods
      expect([early.OPTIONS, early.PUT, late.OPTIONS, late.PUT]).toEqual([1, 2, 2, 3])
    })

    const capTitle =
      `max-age 86400 is capped: repeats after 590 s and 610 s send [${expected.maxAgeCapRepeats.join(', ')}] ` +
      `new OPTIONS in ${name} (cap in its source: ${expected.maxAgeCapClaim})`
    if (process.env.BROWSER_TESTS_MAX_AGE_CAP) {
      it(capTitle, { timeout: 700_000 }, async () => {
        const url = lab(env.lab.sameSite, 'maxAge=86400')
        const counts: number[] = []
        expect((await g.allowed.run(pageFetch, { url, init: PUT })).outcome).toBe('readable')
        const start = Date.now()
        for (const at of [590_000, 610_000]) {
          const before = (await labSeen(env, url)).methods.OPTIONS ?? 0
          await new Promise((r) => setTimeout(r, at - (Date.now() - start)))
          expect((await g.allowed.run(pageFetch, { url, init: PUT })).outcome).toBe('readable')
          counts.push(((await labSeen(env, url)).methods.OPTIONS ?? 0) - before)
        }
        console.log(`browser tests: ${name} max-age 86400, new OPTIONS after 590 s and 610 s: ${counts}`)
        expect(counts).toEqual(expected.maxAgeCapRepeats)
      })
    } else {
      it.skip(`${capTitle} (SKIPPED: it waits 10 min per engine; run with BROWSER_TESTS_MAX_AGE_CAP=1)`, () => {})
    }

    it(`Access-Control-Allow-Headers: * with Authorization: ${
      expected.wildcardCoversAuthorization
        ? `${name} lets it through (the Fetch standard says it must not)`
        : `${name} blocks it, as the Fetch standard says`
    }; '*,authorization' works`, async () => {
      const wildcard = lab(env.lab.sameSite, 'allowHeaders=*')
      const init = { ...PUT, headers: { authorization: 'Bearer lab' } }
      const seen = await g.allowed.run(pageFetch, { url: wildcard, init })
      const atServer = await labSeen(env, wildcard)
      expect(atServer.requestHeaders).toBe('authorization')
      if (expected.wildcardCoversAuthorization) {
        expect(seen.outcome).toBe('readable')
        expect(atServer.authorization).toBe('Bearer lab')
      } else {
        expect(seen.outcome).toBe('blocked')
        expect(atServer.methods.PUT ?? 0).toBe(0)
      }
      // What Crossway answers when a preflight asks for Authorization under allowedHeaders '*'.
      const named = lab(env.lab.sameSite, 'allowHeaders=*,authorization')
      expect((await g.allowed.run(pageFetch, { url: named, init })).outcome).toBe('readable')
      expect((await labSeen(env, named)).authorization).toBe('Bearer lab')
    })

    it("Access-Control-Allow-Headers: * with credentials is the literal name '*': x-custom is blocked, unsent (all three)", async () => {
      const url = lab(env.lab.sameSite, 'allowHeaders=*')
      const init = { ...PUT, headers: { 'x-custom': '1' }, credentials: 'include' as const }
      expect((await g.allowed.run(pageFetch, { url, init })).outcome).toBe('blocked')
      const atServer = await labSeen(env, url)
      expect(atServer.methods).toEqual({ OPTIONS: 1 })
      // Without credentials the same `*` covers it.
      const plain = lab(env.lab.sameSite, 'allowHeaders=*')
      expect(
        (await g.allowed.run(pageFetch, { url: plain, init: { ...init, credentials: 'same-origin' } }))
          .outcome,
      ).toBe('readable')
    })

    /** Sets a lab cookie from `base` with `attributes`, then asks `base` which cookies came back. */
    async function roundTrip(base: string, cookie: string, attributes: string) {
      const set = lab(base, `setCookie=${encodeURIComponent(attributes)}&name=${cookie}`)
      const first = await g.allowed.run(pageFetch, { url: set, init: { credentials: 'include' } })
      const back = await g.allowed.run(pageFetch, {
        url: lab(base, 'who=1'),
        init: { credentials: 'include' },
      })
      expect(first.outcome).toBe('readable')
      expect(back.outcome).toBe('readable')
      const jar = (JSON.parse(back.body as string).cookie as string | null) ?? ''
      return jar.includes(`lab_${cookie}=yes`)
    }

    it('credentials across ports of one site (localhost:a → localhost:b, SameSite=Lax): the cookie comes back (all three)', async () => {
      expect(await roundTrip(env.lab.sameSite, 'lax', 'SameSite=Lax')).toBe(true)
    })

    it(`credentials across sites (localhost → 127.0.0.1, SameSite=None; Secure), default settings: ${
      expected.crossSiteCookieSentBack ? 'the cookie comes back' : 'no cookie comes back'
    } in ${name}`, async () => {
      expect(await roundTrip(env.lab.crossSite, 'crosssite', 'SameSite=None; Secure')).toBe(
        expected.crossSiteCookieSentBack,
      )
    })

    it(`a SameSite=None; Secure cookie over http://localhost (same site): ${
      expected.secureCookieOverHttpLocalhost ? 'stored and sent' : 'refused'
    } in ${name}`, async () => {
      expect(await roundTrip(env.lab.sameSite, 'secure', 'SameSite=None; Secure')).toBe(
        expected.secureCookieOverHttpLocalhost,
      )
    })
  })
}

/**
 * Waits for `selector` to match in the page, up to `ms`; resolves with whether it did. Polled
 * from here with short scripts: a script that itself waits a minute in the page stalled
 * WebKitWebDriver, and short ones behave the same in every driver.
 */
async function waitForSelector(page: EnginePage, selector: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  for (;;) {
    if (await page.run((s) => document.querySelector(s) !== null, selector)) return true
    if (Date.now() > deadline) return false
    await new Promise((r) => setTimeout(r, 200))
  }
}

function definePlayground(engine: () => Engine, name: EngineName, env: Env) {
  describe('playground', () => {
    it(`runs the grid in ${name}'s default settings and every cell matches the policy`, {
      timeout: 150_000,
    }, async () => {
      const context = await engine().newContext()
      const page = await context.open(env.origins.allowed, '/')
      try {
        const errors = () =>
          page.run(() => (document.getElementById('origin-note') as HTMLElement).textContent, null)
        expect(await waitForSelector(page, 'body[data-ready="true"]', 20_000)).toBe(true)
        await page.run(() => (document.getElementById('run-grid') as HTMLButtonElement).click(), null)
        const done = await waitForSelector(page, '#grid[data-state="done"]', 100_000)
        expect(done, `the grid finished; page says: ${await errors()}`).toBe(true)

        const cells = await page.run(
          () =>
            [...document.querySelectorAll('#grid td[data-scenario]')].map((td) => ({
              target: td.getAttribute('data-target'),
              scenario: td.getAttribute('data-scenario'),
              outcome: td.getAttribute('data-outcome'),
              match: td.getAttribute('data-match'),
              text: td.textContent,
            })),
          null,
        )
        // The screenshot shows one cell opened: the browser's view beside the server's headers.
        await page.run(
          () =>
            (document.querySelector('#grid td[data-scenario="method-not-allowed"]') as HTMLElement).click(),
          null,
        )
        expect(await waitForSelector(page, '#details .attempt', 5000)).toBe(true)
        const shown = await page.run(
          () => [...document.querySelectorAll('#details dt')].map((dt) => dt.textContent),
          null,
        )
        expect(shown).toContain('access-control-allow-methods')
        const why = await page.run(() => document.querySelector('#details .why')?.textContent ?? '', null)
        expect(why).toContain('Method PATCH is not allowed')
        const out = join(repoRoot, '.reports')
        mkdirSync(out, { recursive: true })
        await page.screenshot(join(out, `playground-${name}.png`))
        if (name === 'chromium' && process.env.UPDATE_PLAYGROUND_SCREENSHOT) {
          await page.screenshot(join(repoRoot, 'docs/playground.png'))
        }

        expect(cells.length).toBeGreaterThanOrEqual(env.running.length * 10)
        const cell = (target: string, scenario: string) =>
          cells.find((c) => c.target === target && c.scenario === scenario)
        for (const target of env.running) {
          expect(cell(target.name, 'simple-get')?.outcome).toBe('readable')
          expect(cell(target.name, 'other-origin')?.outcome).toBe('blocked')
          expect(cell(target.name, 'put-json')?.outcome).toBe('readable')
          expect(cell(target.name, 'header-not-allowed')?.outcome).toBe('blocked')
          expect(cell(target.name, 'method-not-allowed')?.outcome).toBe('blocked')
          expect(cell(target.name, 'cookie')?.outcome).toBe('readable')
          expect(cell(target.name, 'public-credentials')?.outcome).toBe('blocked')
          // csrf: true: the refused page's simple POST is answered 403 and its handler never runs.
          expect(cell(target.name, 'csrf-refused')?.outcome).toBe('blocked')
          expect(cell(target.name, 'csrf-allowed')?.outcome).toBe('readable')
        }
        const mismatches = cells.filter((c) => c.match !== 'yes')
        expect(mismatches, 'cells that differ from the policy').toEqual([])
        for (const target of [...env.skipped, ...env.failed]) {
          const row = await page.run(
            (n) => document.querySelector(`#grid tr[data-target="${n}"]`)?.textContent ?? '',
            target.name,
          )
          expect(row).toContain('skipped')
        }

        // Its own-request form sends to every example at once, from the origin picked.
        await page.run(() => {
          const form = document.getElementById('request-form') as HTMLFormElement
          ;(form.elements.namedItem('method') as HTMLSelectElement).value = 'PATCH'
          ;(form.elements.namedItem('path') as HTMLInputElement).value = '/api/items'
          ;(form.elements.namedItem('headers') as HTMLTextAreaElement).value =
            'content-type: application/json'
          ;(form.elements.namedItem('body') as HTMLTextAreaElement).value = '{"name":"tea"}'
          form.requestSubmit()
        }, null)
        expect(await waitForSelector(page, '#custom-results details', 30_000)).toBe(true)
        const verdicts = await page.run(
          () => [...document.querySelectorAll('#custom-results details > summary')].map((s) => s.textContent),
          null,
        )
        expect(verdicts).toHaveLength(env.running.length)
        for (const verdict of verdicts) {
          expect(verdict).toContain(': blocked')
          expect(verdict).toContain('Method PATCH is not allowed by Access-Control-Allow-Methods')
        }
      } finally {
        await page.close()
        await context.close()
      }
    })
  })
}
