// The browser's side of CORS, re-told from the headers the probe saw, so the page can say
// *why* a request was blocked: a blocked fetch gives scripts nothing but a TypeError, and the
// real reason only reaches the DevTools console. Wording follows Chromium's messages.
// https://fetch.spec.whatwg.org/#cors-check

const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'POST'])
const SAFE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'])

function isSafelisted(name, value) {
  switch (name) {
    case 'accept':
    case 'accept-language':
    case 'content-language':
      return true
    case 'content-type':
      return SAFE_CONTENT_TYPES.has(value.split(';')[0].trim().toLowerCase())
    default:
      return false
  }
}

/** The header names a preflight would announce, or `null` when the request needs none. */
export function preflightFor(method, headers) {
  const names = Object.entries(headers)
    .filter(([name, value]) => !isSafelisted(name.toLowerCase(), value))
    .map(([name]) => name.toLowerCase())
    .sort()
  if (SIMPLE_METHODS.has(method) && names.length === 0) return null
  return { headers: names }
}

const list = (value) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)

function checkAccess(response, origin, credentials, where) {
  const acao = response.headers['access-control-allow-origin']
  if (acao === undefined) return `No 'Access-Control-Allow-Origin' header is present on the ${where}.`
  if (acao === '*' && credentials) {
    return `The 'Access-Control-Allow-Origin' header of the ${where} is the wildcard '*', which is refused when credentials mode is 'include'.`
  }
  if (acao !== '*' && acao !== origin) {
    return `The 'Access-Control-Allow-Origin' header of the ${where} is '${acao}', not this page's origin.`
  }
  if (credentials && response.headers['access-control-allow-credentials'] !== 'true') {
    return `The ${where} has no 'Access-Control-Allow-Credentials: true', required with credentials mode 'include'.`
  }
  return null
}

/**
 * `{ blocked: boolean, reason }` for a request `{ method, headers, credentials, origin }`
 * given the probe's `{ preflight, actual }`.
 */
export function explain(request, probe) {
  const credentials = request.credentials === 'include'
  if (probe.preflight) {
    const p = probe.preflight
    if (p.error) return { blocked: true, reason: `The preflight failed: ${p.error}.` }
    const access = checkAccess(p, request.origin, credentials, 'preflight response')
    if (access) return { blocked: true, reason: access }
    if (p.status < 200 || p.status > 299) {
      return { blocked: true, reason: `The preflight was answered ${p.status}, not an ok status.` }
    }
    const methods = list(p.headers['access-control-allow-methods'])
    const anyMethod = methods.includes('*') && !credentials
    if (
      !SIMPLE_METHODS.has(request.method) &&
      !anyMethod &&
      !methods.includes(request.method.toLowerCase())
    ) {
      return {
        blocked: true,
        reason: `Method ${request.method} is not allowed by Access-Control-Allow-Methods in the preflight response.`,
      }
    }
    const allowed = list(p.headers['access-control-allow-headers'])
    const anyHeader = allowed.includes('*') && !credentials
    for (const name of probe.preflightHeaders ?? []) {
      if (allowed.includes(name) || (anyHeader && name !== 'authorization')) continue
      return {
        blocked: true,
        reason: `Request header field ${name} is not allowed by Access-Control-Allow-Headers in the preflight response.`,
      }
    }
  }
  const a = probe.actual
  if (a.error) return { blocked: true, reason: `The request failed: ${a.error}.` }
  const access = checkAccess(a, request.origin, credentials, 'response')
  if (access) return { blocked: true, reason: access }
  return { blocked: false, reason: 'Every CORS check passes: the page can read the response.' }
}
