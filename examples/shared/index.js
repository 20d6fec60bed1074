// The one policy and the few helpers that every example shares, so that the playground and
// the browser tests compare frameworks, not configurations. Plain ESM JavaScript: no build
// step, and importable from the TypeScript examples (types in index.d.ts).
import { randomUUID } from 'node:crypto'

/** The port of the playground page, the one browser origin the policy allows. */
export const pagePort = Number(process.env.PAGE_PORT || 5173)

/** `http://localhost:<PAGE_PORT>`: browsers send this exact, lower-case serialisation. */
export const pageOrigin = `http://localhost:${pagePort}`

/**
 * The policy of every route under `/api` (except `/api/public/*`): one page origin may call
 * them, with cookies. A function so that a launcher can build it for another page port.
 */
export function createApiPolicy({
  pagePort: port = pagePort,
  debug = process.env.NODE_ENV !== 'production',
} = {}) {
  return Object.freeze({
    origin: [`http://localhost:${port}`],
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['content-type', 'x-api-key'],
    exposedHeaders: ['x-request-id'],
    maxAge: 600,
    // A development aid: a preflight refused for its method or a header is answered with the
    // parts that did pass, so the browser console names the culprit ("Method PATCH is not
    // allowed…") instead of a bare 403. It never grants more. Leave it off in production.
    debug,
  })
}

export const apiPolicy = createApiPolicy()

/** `/api/public/*`: anyone may read it, nobody with cookies (a `*` answer never carries credentials). */
export const publicPolicy = Object.freeze({ origin: '*' })

export const SESSION_COOKIE = 'crossway_session'

/**
 * A fresh session cookie. The playground page (`http://localhost:PAGE`) calls the examples'
 * cookie routes as `http://localhost:<port>`: another origin but the same site (ports do not
 * count for a site), the way a dev server calls a local API. So `SameSite=Lax` is enough and
 * works with third-party cookies blocked, the default in Safari and Chromium. No `Secure`:
 * WebKit refuses a `Secure` cookie over `http://localhost` (Chromium and Firefox accept it), and
 * a cookie that one engine drops would make the playground's grid depend on the browser.
 */
export function newSessionCookie() {
  const value = randomUUID()
  return {
    value,
    header: `${SESSION_COOKIE}=${value}; Path=/; Max-Age=3600; SameSite=Lax; HttpOnly`,
  }
}

/** The session cookie's value from a `Cookie` header, or `null`. */
export function readSessionCookie(cookieHeader) {
  if (!cookieHeader) return null
  for (const part of String(cookieHeader).split(';')) {
    const eq = part.indexOf('=')
    if (eq !== -1 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim()
  }
  return null
}

/** A value for `x-request-id`, the one response header the policy exposes. */
export function requestId() {
  return randomUUID()
}

/**
 * Counts the requests a server receives by method, preflights (`OPTIONS`) included: install it
 * in front of the CORS middleware, which answers preflights without calling anything behind it.
 * The browser tests read it (GET /__stats) to see whether a browser reused a cached preflight,
 * and whether a request whose preflight was refused stayed unsent.
 */
export function createPreflightCounter() {
  let options = 0
  const methods = {}
  return {
    observe(method) {
      if (method === 'OPTIONS') options++
      methods[method] = (methods[method] ?? 0) + 1
    },
    stats() {
      return { options, methods: { ...methods } }
    },
  }
}

/** Reads a JSON request body from a Node `IncomingMessage` (at most 64 KiB); `null` when empty. */
export async function readJsonBody(req) {
  let text = ''
  for await (const chunk of req) {
    text += chunk
    if (text.length > 65_536) throw new Error('request body too large')
  }
  return text ? JSON.parse(text) : null
}
