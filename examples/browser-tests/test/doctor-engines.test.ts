// The doctor against real browsers: every server of @crossway/doctor's corpus is served on
// 127.0.0.1, the same fetch() runs from a page on the allowed playground origin in Chromium,
// Firefox and WebKit, and each engine's outcome (readable, or a rejected fetch) must equal the
// doctor's verdict. Zero disagreements. Where the engines disagree among themselves, the doctor
// must say so (an `engines-disagree` warning), the corpus records which engine departs
// (`engines`), and the table printed at the end shows every outcome.
//
// Run it on its own: `cd examples/browser-tests && npx vitest run test/doctor-engines.test.ts`
// (`BROWSERS=chromium` to pick engines); it uses the same global setup as the suite.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { probe } from '../../../packages/doctor/src/probe'
import { type CorpusCase, corpus } from '../../../packages/doctor/test/corpus'
import type { Engine, EngineContext, EngineName, EnginePage } from './engines/engine'
import { chosenEngines, LAUNCHERS } from './engines/index'

interface FetchCase {
  url: string
  init: { method: string; headers: [string, string][]; credentials: 'include' | 'same-origin'; body?: string }
}

/** Runs in the page: the fetch() and whether page code could read the response. */
const pageFetch = async ({
  url,
  init,
}: FetchCase): Promise<{ outcome: 'allowed' | 'blocked'; error?: string }> => {
  try {
    const response = await fetch(url, init)
    await response.text()
    return { outcome: 'allowed' }
  } catch (error) {
    return { outcome: 'blocked', error: `${(error as Error)?.name}: ${String(error)}` }
  }
}

const env = inject('crossway')
const page = env.origins.allowed
const cases = corpus()
const runnable = cases.filter((c) => !c.browsers)
const engines = chosenEngines()

const servers = new Map<string, { port: number; server: Server }>()
const verdicts = new Map<string, 'allowed' | 'blocked'>()
const warned = new Map<string, boolean>()
const seen = new Map<string, Partial<Record<EngineName, string>>>()
let run = 0

function urlFor(c: CorpusCase, fresh: string): string {
  const { port } = servers.get(c.id)!
  const host = c.request.site === 'same' ? 'localhost' : '127.0.0.1'
  const path = c.request.path ?? '/'
  // Servers route on the path alone (the redirect cases compare req.url): fresh URLs differ in
  // the query only where the path does not matter to the server.
  return `http://${host}:${port}${path}${c.request.path ? '' : `?${fresh}`}`
}

beforeAll(async () => {
  for (const c of cases) {
    const server = createServer(c.server(page))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    servers.set(c.id, { port: typeof address === 'object' && address ? address.port : 0, server })
  }
  for (const c of runnable) {
    const result = await probe(urlFor(c, 'doctor'), {
      origin: page,
      method: c.request.method ?? 'GET',
      headers: c.request.headers ?? [],
      credentials: c.request.credentials ?? false,
      ...(c.request.bodyType ? { bodyType: c.request.bodyType } : {}),
      timeout: 5000,
    })
    verdicts.set(c.id, result.verdict)
    warned.set(
      c.id,
      result.warnings.some((w) => w.code === 'engines-disagree'),
    )
  }
})

afterAll(async () => {
  for (const { server } of servers.values()) {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

for (const c of cases.filter((c) => c.browsers)) {
  it.skip(`${c.id}: SKIPPED (${c.browsers?.skip})`, () => {})
}

for (const name of engines) {
  describe(`[${name}] doctor verdict = engine outcome`, () => {
    let engine: Engine
    let context: EngineContext
    let tab: EnginePage
    beforeAll(async () => {
      engine = await LAUNCHERS[name].launch()
      context = await engine.newContext()
      tab = await context.open(page, '/runner.html')
    })
    afterAll(async () => {
      await tab?.close()
      await context?.close()
      await engine?.close()
    })

    it.each(runnable.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
      const init: FetchCase['init'] = {
        method: c.request.method ?? 'GET',
        headers: c.request.headers ?? [],
        credentials: c.request.credentials ? 'include' : 'same-origin',
        ...(c.request.bodyType ? { body: '' } : {}),
      }
      if (c.request.bodyType) init.headers = [...init.headers, ['content-type', c.request.bodyType]]
      const result = await tab.run(pageFetch, { url: urlFor(c, `${name}-${++run}`), init })
      seen.set(c.id, { ...seen.get(c.id), [name]: result.outcome })
      // A known departure of this engine is expected as recorded in the corpus, and only where
      // the doctor itself warns that the engines disagree.
      const departure = c.engines?.[name]
      if (departure) expect(warned.get(c.id), `the doctor warns engines-disagree for ${c.id}`).toBe(true)
      expect(result.outcome, `${name}: ${result.error ?? 'readable'}`).toBe(departure ?? verdicts.get(c.id))
    })
  })
}

describe('engines among themselves', () => {
  it('agree, or the doctor warns that they do not', () => {
    const rows: string[] = []
    const silent: string[] = []
    for (const c of runnable) {
      const outcomes = seen.get(c.id) ?? {}
      const distinct = new Set(Object.values(outcomes))
      rows.push(
        `${c.id.padEnd(44)} doctor ${verdicts.get(c.id)?.padEnd(8)} ${engines.map((e) => `${e} ${outcomes[e] ?? '-'}`).join('  ')}`,
      )
      if (distinct.size > 1 && !warned.get(c.id)) silent.push(c.id)
    }
    console.log(`doctor vs engines (${runnable.length} servers):\n${rows.join('\n')}`)
    expect(silent, 'engines disagree where the doctor gives no engines-disagree warning').toEqual([])
  })
})
