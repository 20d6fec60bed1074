import http from 'node:http'

export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * One request on a fresh connection, optionally with a body (the suite's `sendHttp` sends none).
 * Response header names are lower-cased; repeated lines are joined with `, `.
 */
export function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  const url = new URL(path, base)
  return new Promise((resolve, reject) => {
    const request = http.request(
      { method, host: url.hostname, port: url.port, path: url.pathname + url.search, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const out: Record<string, string> = {}
          for (const [name, values] of Object.entries(res.headersDistinct)) {
            if (values !== undefined) out[name] = values.join(', ')
          }
          resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8') })
        })
      },
    )
    request.setTimeout(10_000, () => request.destroy(new Error(`no answer to ${method} ${path} in 10 s`)))
    request.on('error', reject)
    request.end(body)
  })
}

/** `Vary` as sorted, lower-cased tokens. */
export function varyOf(reply: Reply): string[] {
  return (reply.headers.vary ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)
    .sort()
}
