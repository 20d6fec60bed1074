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
    // Cross-site request forgery protection from the same list of origins (docs/csrf.md): a
    // state-changing request (POST, PUT, DELETE…) that a browser marks as coming from another
    // site is answered 403 before the route runs, unless it comes from `origin` above. A form
    // on a refused site can no longer make a logged-in user's browser post to these routes.
    csrf: true,
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

// What the route handlers ran, kept on `globalThis` so that one process shares it: the Next
// example counts requests in proxy.ts and runs its routes in another bundle, each with its own
// copy of this module.
const HANDLED = Symbol.for('crossway.examples.handled')
const handledLog = () => {
  globalThis[HANDLED] ??= []
  return globalThis[HANDLED]
}
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
const KEEP = 200

/** `/api/items?n=1` from a full URL or a path with its query. */
function pathOf(url) {
  const text = String(url ?? '')
  if (text.startsWith('/')) return text
  try {
    const parsed = new URL(text)
    return parsed.pathname + parsed.search
  } catch {
    return text
  }
}

function headerOf(headers, name) {
  if (!headers) return undefined
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined
  const value = headers[name]
  return Array.isArray(value) ? value.join(', ') : (value ?? undefined)
}

/**
 * Called by a state-changing route handler when it runs (`POST /api/items`): the browser tests
 * read it back from GET /__stats to prove that a forged request never reached the handler,
 * although it reached the server.
 */
export function recordHandled(method, url) {
  const log = handledLog()
  log.push(`${method} ${pathOf(url)}`)
  if (log.length > KEEP) log.shift()
}

/**
 * Counts the requests a server receives by method, preflights (`OPTIONS`) included: install it
 * in front of the CORS middleware, which answers preflights without calling anything behind it.
 * The browser tests read it (GET /__stats) to see whether a browser reused a cached preflight,
 * and whether a request whose preflight was refused stayed unsent. Given the URL and headers,
 * it also keeps the last unsafe requests (not GET, HEAD, OPTIONS) with what a CSRF check reads
 * (`Sec-Fetch-Site`, `Origin`, whether a session cookie came) and whether the handler ran.
 */
export function createPreflightCounter() {
  let options = 0
  const methods = {}
  const unsafe = []
  return {
    observe(method, url, headers) {
      if (method === 'OPTIONS') options++
      methods[method] = (methods[method] ?? 0) + 1
      if (url === undefined || SAFE.has(method)) return
      unsafe.push({
        method,
        url: pathOf(url),
        site: headerOf(headers, 'sec-fetch-site') ?? null,
        origin: headerOf(headers, 'origin') ?? null,
        cookie: readSessionCookie(headerOf(headers, 'cookie')) !== null,
      })
      if (unsafe.length > KEEP) unsafe.shift()
    },
    stats() {
      const log = handledLog()
      const handled = {}
      for (const entry of log) {
        const route = entry.split('?')[0]
        handled[route] = (handled[route] ?? 0) + 1
      }
      return {
        options,
        methods: { ...methods },
        handled,
        unsafe: unsafe.map((r) => ({ ...r, handled: log.includes(`${r.method} ${r.url}`) })),
      }
    },
  }
}

/** The fields of an `application/x-www-form-urlencoded` body (what a `<form>` posts). */
export function parseForm(text) {
  return Object.fromEntries(new URLSearchParams(String(text ?? '')))
}

/** Reads a form body from a Node `IncomingMessage` (at most 64 KiB). */
export async function readFormBody(req) {
  let text = ''
  for await (const chunk of req) {
    text += chunk
    if (text.length > 65_536) throw new Error('request body too large')
  }
  return parseForm(text)
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
