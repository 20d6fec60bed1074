import type { CorsOptions } from '@crossway/core'

/**
 * One route of the standard application every harness serves. Each handler sets
 * `x-handler: <id>` so a case can tell whether the application ran, then either answers
 * `status` with `body` and `headers`, or throws a plain `Error('boom')` so that the
 * framework's own error handling answers (a 500 by default).
 */
export interface RouteSpec {
  readonly id: string
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'
  readonly path: string
  readonly status?: number
  readonly body?: string
  readonly headers?: Readonly<Record<string, string>>
  readonly throws?: true
}

/** The routes every harness serves. A path not listed (`/missing`) must get the framework's own 404. */
export const standardRoutes: readonly RouteSpec[] = [
  { id: 'root', method: 'GET', path: '/', status: 200, body: 'ok' },
  { id: 'resource-get', method: 'GET', path: '/resource', status: 200, body: 'get' },
  { id: 'resource-post', method: 'POST', path: '/resource', status: 201, body: 'post' },
  { id: 'resource-put', method: 'PUT', path: '/resource', status: 200, body: 'put' },
  { id: 'resource-patch', method: 'PATCH', path: '/resource', status: 200, body: 'patch' },
  { id: 'resource-delete', method: 'DELETE', path: '/resource', status: 200, body: 'delete' },
  { id: 'resource-options', method: 'OPTIONS', path: '/resource', status: 200, body: 'options' },
  {
    id: 'vary',
    method: 'GET',
    path: '/vary',
    status: 200,
    body: 'vary',
    headers: { vary: 'Accept-Encoding' },
  },
  {
    id: 'vary-star',
    method: 'GET',
    path: '/vary-star',
    status: 200,
    body: 'vary-star',
    headers: { vary: '*' },
  },
  { id: 'teapot', method: 'GET', path: '/teapot', status: 418, body: 'teapot' },
  { id: 'error', method: 'GET', path: '/error', throws: true },
]

/** A request as a case describes it. An array value is sent as several header lines. */
export interface ConformanceRequest {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string | readonly string[]>>
}

/** A response as the runner sees it: header names lower-cased, repeated lines joined with `, `. */
export interface ConformanceResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** A started server (or in-process app) for one policy. */
export interface RunningApp {
  /** Base URL of a real HTTP server on 127.0.0.1; the runner sends raw `node:http` requests to it. */
  readonly url?: string
  /** In-process transport (e.g. `Request` objects), used instead of `url` when given. */
  readonly send?: (request: ConformanceRequest) => Promise<ConformanceResponse>
  readonly close: () => Promise<void>
}

/** What an adapter provides to run the suite. */
export interface Harness {
  readonly name: string
  /** Start the standard routes behind `policy`. Throw (e.g. `CorsConfigError`) exactly as the adapter would. */
  readonly start: (policy: CorsOptions<any>, routes: readonly RouteSpec[]) => Promise<RunningApp>
  /** Case ids this harness cannot run, each with a one-line reason printed in the output. */
  readonly skip?: Readonly<Record<string, string>>
  /**
   * Set when `start` returns `send` rather than `url`: cases that need raw socket bytes
   * (`transport: 'raw'`) are then skipped, with that reason printed.
   */
  readonly inProcess?: boolean
}
