// Each migration guide's promise, checked over real HTTP: the old app (its `before` block) and
// the migrated one (its `after` block) get the same requests and give the same answers, except
// for the differences the guide lists under "On the wire". Every listed difference is a patch
// on the old answer below; each must change something, and the guide's list and this table
// must name the same differences.
import { type ListeningServer, sendHttp } from '@crossway/conformance'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Guide, importSnippet, readGuide } from './guides'
import { ALLOWED_ORIGINS, rows } from './requests'
import { type Peer, start } from './servers'
import { type View, view } from './view'

interface Difference {
  /** The bold lead of the guide's bullet, exactly. */
  readonly title: string
  readonly rows: readonly string[]
  /** The migrated app's answer, from the old app's. */
  readonly patch: (before: View) => View
}

const APP = 'https://app.example.com'
const PREFLIGHT_VARY = ['access-control-request-headers', 'access-control-request-method', 'origin']
const REFUSED_PREFLIGHTS = ['preflight, refused origin', 'preflight, refused method']
const ACTUAL_ROWS = rows.filter((r) => r.method !== 'OPTIONS').map((r) => r.id)

const without =
  (...names: (keyof View)[]) =>
  (v: View): View => {
    const copy = { ...v }
    for (const name of names) delete copy[name]
    return copy
  }
const addVary =
  (...tokens: string[]) =>
  (v: View): View => ({ ...v, vary: [...new Set([...v.vary, ...tokens])].sort() })

const forbidden403: Difference = {
  title: '403 preflights.',
  rows: REFUSED_PREFLIGHTS,
  patch: () => ({ status: 403, body: '', vary: PREFLIGHT_VARY }),
}
const preflightVary: Difference = {
  title: '`Vary` on preflights.',
  rows: ['preflight, allowed'],
  patch: addVary(...PREFLIGHT_VARY),
}
const noExposeOnPreflight: Difference = {
  title: 'No `Access-Control-Expose-Headers` on preflights.',
  rows: ['preflight, allowed'],
  patch: without('aceh'),
}
const noCredentialsWithout = (...rowIds: string[]): Difference => ({
  title: 'No `Access-Control-Allow-Credentials` without an allowed `Origin`.',
  rows: rowIds,
  patch: without('acac', 'aceh'),
})
const varyOriginAlways = (...rowIds: string[]): Difference => ({
  title: '`Vary: Origin` on every response.',
  rows: rowIds,
  patch: addVary('origin'),
})
/** An OPTIONS without ACRM is an actual request: the app's own answer, with the CORS headers of an allowed origin. */
const optionsReachApp = (app: Pick<View, 'status' | 'body' | 'allow'>): Difference => ({
  title: 'Non-preflight `OPTIONS` reaches the app.',
  rows: ['options, no request method'],
  patch: () => ({ ...app, acao: APP, acac: 'true', aceh: ['x-total-count'], vary: ['origin'] }),
})

const differences: Record<Peer, readonly Difference[]> = {
  cors: [
    forbidden403,
    noCredentialsWithout('get, no origin'),
    varyOriginAlways('get, refused origin'),
    optionsReachApp({ status: 200, body: 'GET, HEAD, POST', allow: 'GET, HEAD, POST' }),
    preflightVary,
    noExposeOnPreflight,
  ],
  'fastify-cors': [
    forbidden403,
    noCredentialsWithout('get, refused origin', 'get, no origin'),
    optionsReachApp({
      status: 404,
      body: '{"message":"Route OPTIONS:/api/items not found","error":"Not Found","statusCode":404}',
    }),
    preflightVary,
    noExposeOnPreflight,
  ],
  'koa-cors': [forbidden403, optionsReachApp({ status: 404, body: 'Not Found' }), preflightVary],
  'nest-enable-cors': [
    forbidden403,
    noCredentialsWithout('get, no origin'),
    varyOriginAlways('get, refused origin'),
    optionsReachApp({
      status: 404,
      body: '{"message":"Cannot OPTIONS /api/items","error":"Not Found","statusCode":404}',
    }),
    preflightVary,
    noExposeOnPreflight,
  ],
  'hono-cors': [
    forbidden403,
    noCredentialsWithout('get, refused origin', 'get, no origin'),
    optionsReachApp({ status: 404, body: '404 Not Found' }),
    preflightVary,
    noExposeOnPreflight,
    {
      title: 'No `QUERY` in the default methods.',
      rows: ['preflight, allowed'],
      patch: (v) => ({ ...v, acam: v.acam?.filter((m) => m !== 'query') }),
    },
  ],
  'next-middleware': [
    forbidden403,
    varyOriginAlways(...ACTUAL_ROWS),
    optionsReachApp({ status: 204, body: '', allow: 'GET, POST, OPTIONS' }),
    preflightVary,
  ],
}

/** The bold leads of the bullets in the guide's "On the wire" section. */
function listedDifferences(guide: Guide): string[] {
  const section = /^## On the wire\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(guide.text)?.[1]
  if (!section) throw new Error(`${guide.path} has no "## On the wire" section`)
  return [...section.matchAll(/^- \*\*(.+?)\*\*/gm)].map((m) => m[1]!)
}

describe.each(Object.keys(differences) as Peer[])('migration guide docs/migrate/%s.md', (peer) => {
  const guide = readGuide(peer)
  const listed = differences[peer]
  const answers = new Map<string, { before: View; after: View }>()
  let before: ListeningServer | undefined
  let after: ListeningServer | undefined

  beforeAll(async () => {
    process.env.ALLOWED_ORIGINS = ALLOWED_ORIGINS
    before = await start[peer](await importSnippet(peer, 'before', guide.before))
    after = await start[peer](await importSnippet(peer, 'after', guide.after))
    for (const row of rows) {
      answers.set(row.id, {
        before: view(await sendHttp(before.url, row)),
        after: view(await sendHttp(after.url, row)),
      })
    }
  })
  afterAll(async () => {
    await before?.close()
    await after?.close()
  })

  it('lists exactly the differences this test asserts', () => {
    expect(listedDifferences(guide)).toEqual(listed.map((d) => d.title))
  })

  it.each(rows.map((r) => [r.id]))('%s: the same answer, except the listed differences', (id) => {
    const { before: old, after: migrated } = answers.get(id)!
    const expected = listed.filter((d) => d.rows.includes(id)).reduce((v, d) => d.patch(v), old)
    expect(migrated).toEqual(expected)
  })

  it.each(listed.map((d) => [d.title, d] as const))(
    'the difference "%s" shows on the wire',
    (_, difference) => {
      for (const id of difference.rows) {
        const { before: old } = answers.get(id)!
        expect(difference.patch(old), `${id} would not change`).not.toEqual(old)
      }
    },
  )
})
