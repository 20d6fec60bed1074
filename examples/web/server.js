// The smallest bridge from node:http to a fetch-style app. On Deno or Bun, `export default app`
// (or `Deno.serve(app.fetch)`) replaces this whole file.
import { createServer } from 'node:http'
import { Readable } from 'node:stream'
import app from './app.js'

function toRequest(req, host, port) {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else if (value !== undefined) headers.set(name, value)
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(new URL(req.url, `http://${host}:${port}`), {
    method: req.method,
    headers,
    body: hasBody ? Readable.toWeb(req) : undefined,
    duplex: 'half',
  })
}

async function writeResponse(res, response) {
  res.statusCode = response.status
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value)
  }
  // Iterating Headers would merge cookies into one invalid line; each needs its own.
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (response.body) {
    for await (const chunk of response.body) res.write(chunk)
  }
  res.end()
}

const port = Number(process.env.PORT || 3001)
const host = process.env.HOST || '127.0.0.1'

createServer(async (req, res) => {
  try {
    await writeResponse(res, await app.fetch(toRequest(req, host, port)))
  } catch (error) {
    console.error(`[web] ${error.message}`)
    if (!res.headersSent) res.statusCode = 500
    res.end()
  }
}).listen(port, host, () => console.log(`web example on http://${host}:${port}`))
