import net from 'node:net'
import { CORS_RESPONSE_HEADER_NAMES } from '@crossway/core'

/**
 * One request as bytes: every value is a "byte string" (each char code 0–255 is one byte on
 * the wire), so the fuzzer controls exactly what the server's parser receives — control
 * bytes, invalid UTF-8, Latin-1 — which `node:http` and `fetch` refuse to send.
 */
export interface RawRequest {
  readonly method: string
  readonly path: string
  /** In wire order; a name given twice is sent as two header lines. */
  readonly headers: readonly (readonly [name: string, value: string])[]
}

export interface Exchange {
  readonly bytes: Buffer
  /** From the first byte written to the server closing the connection. */
  readonly ms: number
}

/**
 * The request head. `connection: close` makes the server end the exchange, so everything
 * received before the close is exactly one response and nothing is left to guess.
 */
export function encodeRequest(port: number, request: RawRequest): Buffer {
  let head = `${request.method} ${request.path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\n`
  for (const [name, value] of request.headers) head += `${name}: ${value}\r\n`
  return Buffer.from(`${head}\r\n`, 'latin1')
}

/** Sends one request on a fresh `node:net` connection and collects every byte until the server closes. */
export function exchange(port: number, request: RawRequest, timeoutMs = 10_000): Promise<Exchange> {
  const payload = encodeRequest(port, request)
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    let started = 0
    // A hung server fails this request instead of the whole run.
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no complete answer within ${timeoutMs} ms to ${describeRequest(request)}`)),
    )
    socket.setNoDelay(true)
    socket.on('connect', () => {
      started = performance.now()
      socket.write(payload)
    })
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', (error) => reject(new Error(`${error.message} on ${describeRequest(request)}`)))
    socket.on('close', (hadError) => {
      if (!hadError) resolve({ bytes: Buffer.concat(chunks), ms: performance.now() - started })
    })
  })
}

export interface ParsedResponse {
  readonly status: number
  /** Names lower-cased, values as sent (Latin-1), in wire order; repeated lines kept apart. */
  readonly headers: readonly (readonly [name: string, value: string])[]
  readonly body: Buffer
}

export class WireError extends Error {
  override name = 'WireError'
}

const STATUS_LINE = /^HTTP\/1\.1 ([1-5][0-9]{2}) [\t \x21-\x7e\x80-\xff]*$/
// RFC 9110 §5.1 field-name is a token; §5.5 field-value is field-vchar (VCHAR / obs-text)
// with SP/HTAB only inside. Anything else in a value — above all CR, LF and NUL — means a
// request byte leaked into the response unfiltered.
const FIELD_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[\t ]*(.*?)[\t ]*$/s
const FIELD_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t \x21-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/
const SINGLETONS = ['content-length', 'transfer-encoding', ...CORS_RESPONSE_HEADER_NAMES]

/**
 * Parses one complete HTTP/1.1 response (the connection was closed after it) and throws a
 * `WireError` naming the first rule it breaks: the status line, each header line per RFC
 * 9110, the framing (`Content-Length` or chunked, never both, no body on 204/304/HEAD,
 * nothing after the message), and a CORS header that appears twice.
 */
export function parseResponse(bytes: Buffer, requestMethod: string): ParsedResponse {
  const end = bytes.indexOf('\r\n\r\n')
  if (end < 0) throw new WireError(`no complete response head in ${bytes.length} bytes: ${preview(bytes)}`)
  const head = bytes.subarray(0, end).toString('latin1')
  const lines = head.split('\r\n')
  const statusLine = lines[0] ?? ''
  const statusMatch = STATUS_LINE.exec(statusLine)
  if (!statusMatch) throw new WireError(`bad status line ${JSON.stringify(statusLine)}`)
  const status = Number(statusMatch[1])

  const headers: [string, string][] = []
  for (const line of lines.slice(1)) {
    const match = FIELD_LINE.exec(line)
    if (!match) throw new WireError(`bad header line ${JSON.stringify(cut(line))}`)
    const value = match[2]!
    if (!FIELD_VALUE.test(value)) throw new WireError(`bad header value ${JSON.stringify(cut(line))}`)
    headers.push([match[1]!.toLowerCase(), value])
  }
  for (const name of SINGLETONS) {
    if (headers.filter(([n]) => n === name).length > 1) throw new WireError(`${name} sent more than once`)
  }

  const rest = bytes.subarray(end + 4)
  const length = headers.find(([n]) => n === 'content-length')?.[1]
  const encoding = headers.find(([n]) => n === 'transfer-encoding')?.[1]
  if (length !== undefined && encoding !== undefined)
    throw new WireError('both content-length and transfer-encoding')
  if (length !== undefined && !/^[0-9]{1,15}$/.test(length))
    throw new WireError(`bad content-length ${JSON.stringify(length)}`)
  const bodiless = status === 204 || status === 304 || requestMethod === 'HEAD'
  if (bodiless) {
    // RFC 9110 forbids Content-Length on a 204; `Content-Length: 0` is tolerated on purpose
    // (Safari wants it on a preflight's 204), any other value would announce a body.
    if (status === 204 && length !== undefined && length !== '0')
      throw new WireError(`204 with content-length ${length}`)
    if (encoding !== undefined && status !== 304 && requestMethod !== 'HEAD')
      throw new WireError(`${status} with transfer-encoding`)
    if (rest.length > 0) throw new WireError(`${rest.length} body bytes after a ${status}`)
    return { status, headers, body: rest }
  }
  if (encoding !== undefined) {
    if (encoding.toLowerCase() !== 'chunked') throw new WireError(`transfer-encoding ${encoding}`)
    return { status, headers, body: decodeChunked(rest) }
  }
  if (length !== undefined && rest.length !== Number(length))
    throw new WireError(`content-length ${length} but ${rest.length} body bytes`)
  return { status, headers, body: rest }
}

function decodeChunked(bytes: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  // Each pass consumes one chunk or throws, so the loop is bounded by the input.
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at)
    if (lineEnd < 0) throw new WireError('chunked body cut short')
    const sizeText = bytes.subarray(at, lineEnd).toString('latin1')
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText))
      throw new WireError(`bad chunk size ${JSON.stringify(sizeText)}`)
    const size = Number.parseInt(sizeText, 16)
    at = lineEnd + 2
    if (size === 0) {
      if (bytes.subarray(at).toString('latin1') !== '\r\n') throw new WireError('bad chunked trailer')
      return Buffer.concat(parts)
    }
    if (at + size + 2 > bytes.length || bytes[at + size] !== 0x0d || bytes[at + size + 1] !== 0x0a)
      throw new WireError('chunk overruns the body')
    parts.push(bytes.subarray(at, at + size))
    at += size + 2
  }
}

/** Every value of a response header (lower-case name). */
export function headerValues(response: ParsedResponse, name: string): string[] {
  return response.headers.filter(([n]) => n === name).map(([, v]) => v)
}

/** The single value of a response header, or `undefined`. */
export function header(response: ParsedResponse, name: string): string | undefined {
  return response.headers.find(([n]) => n === name)?.[1]
}

/** A request in one line, long runs of the same character abbreviated, for failure messages. */
export function describeRequest(request: RawRequest): string {
  const headers = request.headers.map(([n, v]) => `${n}: ${abbreviate(v)}`).join(' | ')
  return `${request.method} ${request.path} [${headers}]`
}

function abbreviate(value: string): string {
  const json = JSON.stringify(value.length > 300 ? `${value.slice(0, 120)}…${value.slice(-60)}` : value)
  return value.length > 300 ? `${json} (${value.length} bytes)` : json
}

function cut(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s
}

function preview(bytes: Buffer): string {
  return JSON.stringify(cut(bytes.toString('latin1')))
}
