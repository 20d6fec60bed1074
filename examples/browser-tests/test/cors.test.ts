// What a real browser does with every example's CORS headers. The page runs on
// http://localhost:P (allowed by the shared policy) and http://127.0.0.1:P2 (not allowed);
// the examples run on http://127.0.0.1:<their port>. For a blocked request the test also
// checks Chromium's console message, which is the only place the browser states its reason.
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchChromium } from './chromium'
import type { Target } from './global-setup'

const env = inject('crossway')
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..')

let browser: Awaited<ReturnType<typeof launchChromium>>
let context: BrowserContext
let allowed: Page
let other: Page
const consoleLines: string[] = []

beforeAll(async () => {
  browser = await launchChromium()
  context = browser.context
  allowed = context.pages()[0] ?? (await context.newPage())
  other = await context.newPage()
  for (const page of [allowed, other]) page.on('console', (message) => consoleLines.push(message.text()))
  // A near-empty page on each origin: fetches from it carry that origin.
  await allowed.goto(`${env.origins.allowed}/runner.html`)
  await other.goto(`${env.origins.other}/runner.html`)
})

afterAll(async () => {
  await browser?.close()
})

interface Seen {
  outcome: 'readable' | 'blocked'
  status?: number
  headers?: Record<string, string>
  body?: string
  error?: string
}

let sequence = 0
/** A URL no earlier request used: its console message and its preflight cache entry are its own. */
function fresh(target: Target, path: string): string {
  return `${target.url}${path}${path.includes('?') ? '&' : '?'}n=${++sequence}`
}

interface Init {
  method?: string
  headers?: Record<string, string>
  body?: string
  credentials?: 'omit' | 'same-origin' | 'include'
}

/** `fetch` as page code calls it, and what page code can see of the result. */
function browserFetch(page: Page, url: string, init: Init = {}): Promise<Seen> {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        // No `cache: 'no-store'`: Chromium then skips its preflight cache too. Every URL is
        // fresh anyway, so no HTTP cache entry can answer in the server's place.
        const response = await fetch(url, init)
        const headers: Record<string, string> = {}
        for (const [name, value] of response.headers) headers[name] = value
        return { outcome: 'readable' as const, status: response.status, headers, body: await response.text() }
      } catch (error) {
        return { outcome: 'blocked' as const, error: String(error) }
      }
    },
    { url, init },
  )
}

/** Chromium's "has been blocked by CORS policy" line for `url`; it may trail the rejection. */
async function corsConsoleError(url: string): Promise<string> {
  const needle = `Access to fetch at '${url}'`
  for (let i = 0; i < 60; i++) {
    const line = consoleLines.find((l) => l.includes(needle))
    if (line) return line
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`no CORS console message for ${url}; console had:\n${consoleLines.slice(-5).join('\n')}`)
}

async function preflightsSeen(target: Target): Promise<number> {
  const response = await fetch(`${target.url}/__stats`)
  expect(response.status, `${target.name} serves GET /__stats`).toBe(200)
  const stats = (await response.json()) as { options: number }
  return stats.options
}

const PUT_JSON = {
  method: 'PUT',
  headers: { 'content-type': 'application/json', 'x-api-key': 'demo' },
  body: JSON.stringify({ name: 'tea' }),
}
const NO_ACAO = "No 'Access-Control-Allow-Origin' header is present on the requested resource"

for (const target of env.skipped) {
  // Visible in the report as skipped, with the reason in the name.
  describe.skip(`${target.name}: SKIPPED (${target.reason})`, () => {
    it('every browser test', () => {})
  })
}

for (const target of env.failed) {
  // An example that is there but does not start is skipped, loudly, while the Nest and Next
  // examples are being finished; BROWSER_TESTS_STRICT=1 makes it a failure instead.
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
  describe(target.name, () => {
    it('a simple GET from the allowed origin is readable', async () => {
      const seen = await browserFetch(allowed, fresh(target, '/api/hello'))
      expect(seen.outcome).toBe('readable')
      expect(seen.status).toBe(200)
      expect(JSON.parse(seen.body!)).toMatchObject({ message: 'hello' })
    })

    it('a page on an origin the policy does not list is blocked', async () => {
      const url = fresh(target, '/api/hello')
      const seen = await browserFetch(other, url)
      expect(seen.outcome).toBe('blocked')
      const message = await corsConsoleError(url)
      expect(message).toContain(`from origin '${env.origins.other}' has been blocked by CORS policy`)
      expect(message).toContain(NO_ACAO)

      // Its preflighted requests are refused at the preflight, before the PUT is sent.
      const putUrl = fresh(target, '/api/items')
      expect((await browserFetch(other, putUrl, PUT_JSON)).outcome).toBe('blocked')
      const putMessage = await corsConsoleError(putUrl)
      expect(putMessage).toContain("Response to preflight request doesn't pass access control check")
      expect(putMessage).toContain(NO_ACAO)
    })

    it('a preflighted PUT with content-type: application/json works', async () => {
      const before = await preflightsSeen(target)
      const seen = await browserFetch(allowed, fresh(target, '/api/items'), PUT_JSON)
      expect(seen.outcome).toBe('readable')
      expect(seen.status).toBe(200)
      expect(JSON.parse(seen.body!)).toMatchObject({ saved: { name: 'tea' } })
      // It was preflighted: the server counted exactly one OPTIONS for it.
      expect((await preflightsSeen(target)) - before).toBe(1)
    })

    it('a request header outside allowedHeaders is blocked', async () => {
      const url = fresh(target, '/api/items')
      const seen = await browserFetch(allowed, url, {
        ...PUT_JSON,
        headers: { ...PUT_JSON.headers, 'x-debug': '1' },
      })
      expect(seen.outcome).toBe('blocked')
      expect(await corsConsoleError(url)).toContain(
        'Request header field x-debug is not allowed by Access-Control-Allow-Headers in preflight response',
      )
    })

    it('a method outside methods is blocked', async () => {
      const url = fresh(target, '/api/items')
      const seen = await browserFetch(allowed, url, { ...PUT_JSON, method: 'PATCH' })
      expect(seen.outcome).toBe('blocked')
      expect(await corsConsoleError(url)).toContain(
        'Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response',
      )
    })

    it("credentials: 'include' sends and receives the cookie where the policy allows credentials", async () => {
      const set = await browserFetch(allowed, fresh(target, '/api/cookie'), { credentials: 'include' })
      expect(set.outcome).toBe('readable')
      const value = JSON.parse(set.body!).set as string
      expect(value).toMatch(/^[0-9a-f-]{36}$/)

      const back = await browserFetch(allowed, fresh(target, '/api/whoami'), { credentials: 'include' })
      expect(back.outcome).toBe('readable')
      expect(JSON.parse(back.body!).cookie).toBe(value)

      // Without 'include' a cross-origin fetch carries no cookie at all.
      const without = await browserFetch(allowed, fresh(target, '/api/whoami'))
      expect(JSON.parse(without.body!).cookie).toBeNull()
    })

    it("credentials: 'include' is blocked where the policy does not allow credentials", async () => {
      // /api/public/* answers `*`: readable without credentials…
      const open = await browserFetch(allowed, fresh(target, '/api/public/hello'))
      expect(open.outcome).toBe('readable')
      expect(open.headers!['content-type']).toContain('application/json')

      // …and never with them.
      const url = fresh(target, '/api/public/hello')
      expect((await browserFetch(allowed, url, { credentials: 'include' })).outcome).toBe('blocked')
      expect(await corsConsoleError(url)).toContain(
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'",
      )

      // A refused origin gets nothing, cookie or not.
      const whoami = fresh(target, '/api/whoami')
      expect((await browserFetch(other, whoami, { credentials: 'include' })).outcome).toBe('blocked')
      expect(await corsConsoleError(whoami)).toContain(NO_ACAO)
    })

    it('an exposed response header is readable and a non-exposed one is null', async () => {
      const url = fresh(target, '/api/hello')
      const visible = await allowed.evaluate(async (url) => {
        const response = await fetch(url)
        return { id: response.headers.get('x-request-id'), internal: response.headers.get('x-internal') }
      }, url)
      expect(visible.id).toMatch(/^[0-9a-f-]{36}$/)
      expect(visible.internal).toBeNull()
      // The server does send it: the browser hides it because the policy does not expose it.
      const direct = await fetch(url, { headers: { origin: env.origins.allowed } })
      expect(direct.headers.get('x-internal')).toBe('not-exposed')
    })

    it('an error route (500) is readable by the allowed origin', async () => {
      const seen = await browserFetch(allowed, fresh(target, '/api/error'))
      expect(seen.outcome).toBe('readable')
      expect(seen.status).toBe(500)
    })
  })
}

describe('preflight cache: maxAge 600', () => {
  // Chromium keeps a preflight 5 s even without Access-Control-Max-Age, so the repeat comes
  // after 6 s: only the max-age can explain a missing second OPTIONS. Every example waits
  // at once, while nothing else sends them requests.
  const counts = new Map<string, { first: Seen; second: Seen; added: number[] }>()
  beforeAll(async () => {
    await Promise.all(
      env.running.map(async (target) => {
        const url = fresh(target, '/api/items')
        const c0 = await preflightsSeen(target)
        const first = await browserFetch(allowed, url, PUT_JSON)
        const c1 = await preflightsSeen(target)
        await new Promise((r) => setTimeout(r, 6000))
        const second = await browserFetch(allowed, url, PUT_JSON)
        const c2 = await preflightsSeen(target)
        counts.set(target.name, { first, second, added: [c1 - c0, c2 - c1] })
      }),
    )
  })
  for (const target of env.running) {
    it(`${target.name}: a second identical preflighted request sends no new OPTIONS`, () => {
      const seen = counts.get(target.name)!
      expect(seen.first.outcome).toBe('readable')
      expect(seen.second.outcome).toBe('readable')
      expect(seen.added).toEqual([1, 0])
    })
  }
})

describe('playground', () => {
  it('runs the grid and shows every example agreeing with the policy', { timeout: 90_000 }, async () => {
    const page = await context.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(String(error)))
    try {
      await page.goto(`${env.origins.allowed}/`)
      await page.waitForSelector('body[data-ready="true"]')
      await page.click('#run-grid')
      await page.waitForSelector('#grid[data-state="done"]', { timeout: 60_000 })

      const cells = await page.$$eval('#grid td[data-scenario]', (tds) =>
        tds.map((td) => ({
          target: td.getAttribute('data-target'),
          scenario: td.getAttribute('data-scenario'),
          outcome: td.getAttribute('data-outcome'),
          match: td.getAttribute('data-match'),
          text: td.textContent,
        })),
      )
      // The screenshot shows one cell opened: the browser's view beside the server's headers.
      await page.click('#grid td[data-scenario="method-not-allowed"]')
      await page.waitForSelector('#details .attempt', { timeout: 5000 }).catch((error) => {
        throw new Error(`${error.message}\npage errors: ${pageErrors.join('\n')}`)
      })
      const shown = await page.$$eval('#details dt', (dts) => dts.map((dt) => dt.textContent))
      expect(shown).toContain('access-control-allow-methods')
      expect(await page.textContent('#details .why')).toContain('Method PATCH is not allowed')
      const out = join(repoRoot, '.reports')
      mkdirSync(out, { recursive: true })
      await page.screenshot({ path: join(out, 'playground.png'), fullPage: true })
      if (process.env.UPDATE_PLAYGROUND_SCREENSHOT) {
        await page.screenshot({ path: join(repoRoot, 'docs/playground.png'), fullPage: true })
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
        expect(cell(target.name, 'public-credentials')?.outcome).toBe('blocked')
      }
      const mismatches = cells.filter((c) => c.match !== 'yes')
      expect(mismatches, 'cells that differ from the policy').toEqual([])
      for (const target of [...env.skipped, ...env.failed]) {
        expect(await page.textContent(`#grid tr[data-target="${target.name}"]`)).toContain('skipped')
      }

      // Its own-request form sends to every example at once, from the origin picked.
      await page.selectOption('select[name="method"]', 'PATCH')
      await page.fill('input[name="path"]', '/api/items')
      await page.fill('textarea[name="headers"]', 'content-type: application/json')
      await page.fill('textarea[name="body"]', '{"name":"tea"}')
      await page.click('#request-form button[type="submit"]')
      await page.waitForSelector('#custom-results details')
      const verdicts = await page.$$eval('#custom-results details > summary', (s) =>
        s.map((e) => e.textContent),
      )
      expect(verdicts).toHaveLength(env.running.length)
      for (const verdict of verdicts) {
        expect(verdict).toContain(': blocked')
        expect(verdict).toContain('Method PATCH is not allowed by Access-Control-Allow-Methods')
      }
      expect(pageErrors).toEqual([])
    } finally {
      await page.close()
    }
  })
})
