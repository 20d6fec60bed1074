// The HTTP events and results of Lambda's two payload formats, structurally: only the fields
// this package reads or writes, so that the community types (`@types/aws-lambda`) and
// hand-written events both fit, and the package needs no runtime dependency for them.
// Shapes: API Gateway developer guide, "Lambda proxy integrations" (REST, format 1.0) and
// "Working with AWS Lambda proxy integrations for HTTP APIs" (formats 1.0 and 2.0); Lambda
// developer guide, "Invoking Lambda function URLs" (format 2.0).

/** Single-value request or response headers, names as the platform passed them. */
export interface LambdaHeaders {
  readonly [name: string]: string | number | boolean | undefined
}

/** `multiValueHeaders` of format 1.0: every line of each header. */
export interface LambdaMultiValueHeaders {
  readonly [name: string]: readonly (string | number | boolean)[] | undefined
}

/**
 * Payload format 1.0: API Gateway REST APIs (Lambda proxy integration) and HTTP APIs set to
 * `payloadFormatVersion: '1.0'`. REST APIs pass header names as the client sent them;
 * `headers` keeps the last line of each, `multiValueHeaders` every line.
 */
export interface LambdaEventV1 {
  readonly httpMethod: string
  readonly path?: string | null
  readonly headers?: LambdaHeaders | null
  readonly multiValueHeaders?: LambdaMultiValueHeaders | null
  readonly requestContext?: { readonly domainName?: string | undefined } | null
}

/**
 * Payload format 2.0: HTTP APIs and Lambda function URLs. Header names are lower-cased, the
 * lines of a repeated header joined with commas, and cookies moved to `cookies`.
 */
export interface LambdaEventV2 {
  readonly version?: string
  readonly rawPath?: string
  readonly headers?: LambdaHeaders | null
  readonly cookies?: readonly string[] | null
  readonly requestContext: {
    readonly http: { readonly method: string }
    readonly domainName?: string | undefined
  }
}

/** Any HTTP event this package answers: what an `origin` function receives as its second argument. */
export type LambdaHttpEvent = LambdaEventV1 | LambdaEventV2

/**
 * A structured HTTP result, as `withCors` writes its own answers and a 2.0 shorthand made
 * explicit, and as `onError` returns. Format 2.0 ignores `multiValueHeaders` and format 1.0
 * `cookies`.
 */
export interface LambdaCorsResult {
  statusCode: number
  headers?: { [name: string]: string | number | boolean }
  multiValueHeaders?: { [name: string]: (string | number | boolean)[] }
  cookies?: string[]
  body: string
  isBase64Encoded?: boolean
}

/** `1` for payload format 1.0, `2` for 2.0, `undefined` for an event that is not an HTTP request. */
export type PayloadFormat = 1 | 2 | undefined

/**
 * Tells the payload format by shape, not by `version` (absent from REST API events and from
 * many hand-written test events): 1.0 has a top-level `httpMethod`, 2.0 a
 * `requestContext.http.method`. Anything else (a scheduled warmer, an SQS batch) is not HTTP.
 */
export function payloadFormatOf(event: unknown): PayloadFormat {
  if (typeof event !== 'object' || event === null) return undefined
  if (typeof (event as { httpMethod?: unknown }).httpMethod === 'string') return 1
  const http = (event as { requestContext?: { http?: { method?: unknown } } | null }).requestContext?.http
  return typeof http?.method === 'string' ? 2 : undefined
}

/** The request method of an event whose format is known. */
export function methodOf(event: LambdaHttpEvent, format: 1 | 2): string {
  return format === 1
    ? (event as LambdaEventV1).httpMethod
    : (event as LambdaEventV2).requestContext.http.method
}
