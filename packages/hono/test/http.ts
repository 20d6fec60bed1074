import { type ConformanceResponse, type ListeningServer, sendHttp, varyTokens } from '@crossway/conformance'
import type { Hono } from 'hono'
import { afterEach } from 'vitest'
import { serveApp } from './harness'

export { varyTokens }

export const APP = 'https://app.example.com'
export const EVIL = 'https://evil.example'

/** A response as the tests read it: lower-case names, repeated lines joined with `, `. */
export type Reply = ConformanceResponse

const running: ListeningServer[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()))
})

/** Serves `app` over HTTP with @hono/node-server until the end of the test; returns a sender. */
export async function serve(
  app: Hono<any, any, any>,
): Promise<(method: string, path: string, headers?: Record<string, string | string[]>) => Promise<Reply>> {
  const server = await serveApp(app as Hono)
  running.push(server)
  return (method, path, headers = {}) => sendHttp(server.url, { method, path, headers })
}

/** A preflight's request headers. */
export function preflight(origin: string, method = 'PUT', requestHeaders?: string): Record<string, string> {
  return {
    origin,
    'access-control-request-method': method,
    ...(requestHeaders === undefined ? {} : { 'access-control-request-headers': requestHeaders }),
  }
}
