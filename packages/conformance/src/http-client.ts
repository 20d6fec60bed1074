import http from 'node:http'
import net from 'node:net'
import type { ConformanceRequest, ConformanceResponse } from './harness'

/** Long enough for a cold framework on a busy machine; a hung server fails the case instead of the run. */
const TIMEOUT_MS = 10_000

/**
 * Sends one request with `node:http` on a fresh connection (`agent: false`, so no socket is
 * reused between cases). An array value is written as several header lines. Response header
 * names are lower-cased; repeated lines are joined with `, `, for every header (Node's own
 * `res.headers` would drop repeats of some names and hide a doubled `Vary`).
 */
export function sendHttp(baseUrl: string, req: ConformanceRequest): Promise<ConformanceResponse> {
  const url = new URL(req.path, baseUrl)
  return new Promise((resolve, reject) => {
    const clientRequest = http.request(
      {
        method: req.method,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers: req.headers as http.OutgoingHttpHeaders,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const headers: Record<string, string> = {}
          for (const [name, values] of Object.entries(res.headersDistinct)) {
            if (values !== undefined) headers[name] = values.join(', ')
          }
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') })
        })
      },
    )
    clientRequest.setTimeout(TIMEOUT_MS, () =>
      clientRequest.destroy(new Error(`no answer to ${req.method} ${req.path} in ${TIMEOUT_MS} ms`)),
    )
    clientRequest.on('error', reject)
    clientRequest.end()
  })
}

/**
 * Sends one request over a plain `node:net` socket, for bytes `node:http` refuses to write
 * (control characters, text outside Latin-1). Values are encoded as UTF-8; the server decodes
 * them as Latin-1, as Node does. `Connection: close` makes the server end the exchange, so the
 * response is whatever arrived before the socket closed.
 */
export function sendRawHttp(baseUrl: string, req: ConformanceRequest): Promise<ConformanceResponse> {
  const url = new URL(req.path, baseUrl)
  let head = `${req.method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\nconnection: close\r\n`
  for (const [name, value] of Object.entries(req.headers)) {
    for (const line of typeof value === 'string' ? [value] : value) head += `${name}: ${line}\r\n`
  }
  head += '\r\n'
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname)
    const chunks: Buffer[] = []
    socket.setTimeout(TIMEOUT_MS, () =>
      socket.destroy(new Error(`no answer to raw ${req.method} ${req.path} in ${TIMEOUT_MS} ms`)),
    )
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', (hadError) => {
      if (hadError) return
      try {
        resolve(parseRawResponse(Buffer.concat(chunks)))
      } catch (error) {
        reject(error)
      }
    })
    socket.write(Buffer.from(head, 'utf8'))
  })
}

/** Parses one HTTP/1.1 response: status line, headers, then a chunked, sized or close-delimited body. */
export function parseRawResponse(bytes: Buffer): ConformanceResponse {
  const end = bytes.indexOf('\r\n\r\n')
  if (end < 0) throw new Error(`incomplete HTTP response: ${JSON.stringify(bytes.toString('latin1'))}`)
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n')
  const status = Number(statusLine.split(' ')[1])
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value
  }
  let body = bytes.subarray(end + 4)
  if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) body = decodeChunked(body)
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']))
  return { status, headers, body: body.toString('utf8') }
}

function decodeChunked(bytes: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  // Bounded by the input: each pass consumes a size line and its chunk, or stops.
  while (at < bytes.length) {
    const lineEnd = bytes.indexOf('\r\n', at)
    if (lineEnd < 0) break
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16)
    if (!(size > 0)) break
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
  return Buffer.concat(parts)
}
