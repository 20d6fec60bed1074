import type { IncomingMessage } from 'node:http'

export declare const pagePort: number
export declare const pageOrigin: string
export interface ExampleApiPolicy {
  readonly origin: string[]
  readonly credentials: true
  readonly methods: string[]
  readonly allowedHeaders: string[]
  readonly exposedHeaders: string[]
  readonly maxAge: number
  readonly debug: boolean
  readonly csrf: true
}
export declare function createApiPolicy(options?: { pagePort?: number; debug?: boolean }): ExampleApiPolicy
export declare const apiPolicy: ExampleApiPolicy
export declare const publicPolicy: Readonly<{ origin: '*' }>
export declare const SESSION_COOKIE: 'crossway_session'
export declare function newSessionCookie(): { value: string; header: string }
export declare function readSessionCookie(cookieHeader: string | null | undefined): string | null
export declare function requestId(): string
/** An unsafe request as the server received it, in front of the CORS middleware. */
export interface ObservedRequest {
  method: string
  /** Path and query. */
  url: string
  /** `Sec-Fetch-Site`, or `null` when absent. */
  site: string | null
  origin: string | null
  /** Whether a `crossway_session` cookie came with it. */
  cookie: boolean
  /** Whether a route handler ran for it (`recordHandled`). */
  handled: boolean
}
export interface ExampleStats {
  options: number
  methods: Record<string, number>
  /** Route handlers that ran, by `METHOD /path`. */
  handled: Record<string, number>
  /** The last unsafe requests received (given a URL to `observe`). */
  unsafe: ObservedRequest[]
}
type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>
export declare function createPreflightCounter(): {
  observe(method: string, url?: string, headers?: HeaderSource): void
  stats(): ExampleStats
}
export declare function recordHandled(method: string, url: string): void
export declare function parseForm(text: string | null | undefined): Record<string, string>
export declare function readFormBody(req: IncomingMessage): Promise<Record<string, string>>
export declare function readJsonBody(req: IncomingMessage): Promise<unknown>
