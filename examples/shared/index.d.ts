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
}
export declare function createApiPolicy(options?: { pagePort?: number; debug?: boolean }): ExampleApiPolicy
export declare const apiPolicy: ExampleApiPolicy
export declare const publicPolicy: Readonly<{ origin: '*' }>
export declare const SESSION_COOKIE: 'crossway_session'
export declare function newSessionCookie(): { value: string; header: string }
export declare function readSessionCookie(cookieHeader: string | null | undefined): string | null
export declare function requestId(): string
export declare function createPreflightCounter(): {
  observe(method: string): void
  stats(): { options: number; methods: Record<string, number> }
}
export declare function readJsonBody(req: IncomingMessage): Promise<unknown>
