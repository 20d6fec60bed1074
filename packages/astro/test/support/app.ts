import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type AstroServer, policyJson, rejectionReader, startServer } from './fixture'

export const APP = 'https://app.example.com'
export const EVIL = 'https://evil.example'

/** How the fixture's src/middleware.ts uses the package (CROSSWAY_TEST_MODE and its inputs). */
export type AppSetup =
  | { readonly mode?: 'cors'; readonly policy: object }
  | { readonly mode: 'stacked'; readonly policy: object; readonly second: object }
  | { readonly mode: 'by-route'; readonly routes: Record<string, object | false>; readonly notFound?: object }

export interface RunningApp extends AstroServer {
  /** The rejections the server reported since the last call. */
  readonly rejections: () => unknown[]
}

/** Starts a built fixture with `setup`, as `node dist/server/entry.mjs` with HOST and PORT. */
export async function startApp(
  dir: string,
  setup: AppSetup,
  extraEnv: Record<string, string> = {},
): Promise<RunningApp> {
  const work = mkdtempSync(join(tmpdir(), 'crossway-astro-app-'))
  const file = join(work, 'rejections.ndjson')
  const env: Record<string, string> = { ...extraEnv, CROSSWAY_TEST_REJECTIONS: file }
  if (setup.mode === 'by-route') {
    env.CROSSWAY_TEST_MODE = 'by-route'
    env.CROSSWAY_TEST_ROUTES = policyJson(setup.routes)
    if (setup.notFound !== undefined) env.CROSSWAY_TEST_NOT_FOUND = policyJson(setup.notFound)
  } else {
    env.CROSSWAY_TEST_POLICY = policyJson(setup.policy)
    if (setup.mode === 'stacked') {
      env.CROSSWAY_TEST_MODE = 'stacked'
      env.CROSSWAY_TEST_SECOND_POLICY = policyJson(setup.second)
    }
  }
  const server = await startServer(dir, env)
  return {
    ...server,
    rejections: rejectionReader(file),
    async close() {
      await server.close()
      rmSync(work, { recursive: true, force: true })
    },
  }
}
