import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'

/** How a request reaches the function: an API Gateway REST API, an HTTP API (payload 2.0), or a function URL. */
export type FrontDoor = 'rest-api' | 'http-api' | 'function-url'

/** The payload format each front door sends. */
export declare const FORMATS: Readonly<Record<FrontDoor, 1 | 2>>

export type BridgeHandler = (event: any, context: any) => unknown

export interface BridgeOptions {
  readonly front: FrontDoor
  /** Called with the error of a failed invocation; `console.error` by default. */
  readonly log?: (error: unknown) => void
}

export interface RunningBridge {
  readonly url: string
  readonly port: number
  readonly close: () => Promise<void>
}

export declare function toEvent(req: IncomingMessage, body: Buffer, front: FrontDoor): Record<string, unknown>
export declare function writeResult(res: ServerResponse, result: unknown, front: FrontDoor): void
export declare function writeFailure(res: ServerResponse, front: FrontDoor): void
export declare function createContext(): Record<string, unknown> & { getRemainingTimeInMillis(): number }
export declare function createBridge(handler: BridgeHandler, options: BridgeOptions): RequestListener
export declare function startBridge(
  handler: BridgeHandler,
  options: BridgeOptions & { readonly host?: string; readonly port?: number },
): Promise<RunningBridge>
