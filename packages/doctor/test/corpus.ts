// The corpus: deliberately different CORS servers, a few lines of node:http each — correct
// ones and one for every problem the doctor knows — with the verdict and the problem codes the
// doctor must give. The real-browser comparison (examples/browser-tests/test/doctor-engines.test.ts)
// serves the same servers to Chromium, Firefox and WebKit and compares their fetch() outcome
// with `expect.verdict`.
//
// Each server is built for the page origin it is meant to serve (`page`), so the same corpus
// runs from any page port. Servers listen on 127.0.0.1; a case is called as
// http://127.0.0.1:P (another site than the page, http://localhost:PAGE) unless it says
// `site: 'same'` (then http://localhost:P: another origin, the same site).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { type CorsDecision, type CorsOptions, createCors, mergeVary } from '@crossway/core'
import type { ProblemCode, WarningCode } from '../src/index'

export type Handler = (req: IncomingMessage, res: ServerResponse) => void

export interface CorpusCase {
  id: string
  /** What is special about this server, in a few words. */
  about: string
  request: {
    method?: string
    /** As `fetch()`'s `headers` init: pairs, so a name can repeat. */
    headers?: [string, string][]
    credentials?: boolean
    bodyType?: string
    /** `same`: call the server as http://localhost:P; default `cross`: http://127.0.0.1:P. */
    site?: 'same' | 'cross'
    path?: string
  }
  /** The page origin the doctor claims (default: the page origin the corpus is built for). */
  origin?: string
  server(page: string): Handler
  expect: { verdict: 'allowed' | 'blocked'; problems: ProblemCode[]; warnings?: WarningCode[] }
  /** Fix text the doctor must include for the first problem (checks the Crossway/generic choice). */
  fixIncludes?: string
  /**
   * Engines known to depart from the doctor's verdict on this server (the doctor then warns
   * `engines-disagree`); the browser comparison expects exactly these outcomes.
   */
  engines?: Partial<Record<'chromium' | 'firefox' | 'webkit', 'allowed' | 'blocked'>>
  /** Set when real browsers cannot run this case here, with the reason. */
  browsers?: { skip: string }
}

type Head = Record<string, string | string[]>

function end(res: ServerResponse, status: number, headers: Head, body = ''): void {
  res.writeHead(status, headers)
  res.end(body)
}

const isPreflight = (req: IncomingMessage) =>
  req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined

/** A server that answers preflights with `pre` and everything else with `actual`. */
function cors(pre: Head | ((req: IncomingMessage) => Head) | number, actual: Head, preStatus = 204): Handler {
  return (req, res) => {
    req.resume()
    if (isPreflight(req)) {
      if (typeof pre === 'number') return end(res, pre, {})
      return end(res, preStatus, typeof pre === 'function' ? pre(req) : pre)
    }
    end(res, 200, { 'content-type': 'application/json', ...actual }, '{"ok":true}')
  }
}

const json = 'application/json'
const V = { vary: 'Origin' }

/** Crossway's core on node:http, the way the adapters do it, with an app behind it. */
function crossway(options: CorsOptions, app?: (res: ServerResponse) => void): Handler {
  const policy = createCors(options)
  return (req, res) => {
    req.resume()
    const h = req.headers
    // No `origin` function in these policies, so the decision is synchronous.
    const d = policy.decide(
      req.method ?? 'GET',
      h.origin,
      h['access-control-request-method'] as string | undefined,
      h['access-control-request-headers'],
      h['access-control-request-private-network'] as string | undefined,
      req,
    ) as CorsDecision
    for (const [name, value] of d.headers) res.setHeader(name, value)
    if (d.vary)
      res.setHeader('vary', mergeVary(res.getHeader('vary') as string | undefined, d.vary) ?? d.vary)
    if (d.kind === 'preflight' && d.respond) {
      res.statusCode = d.status
      return res.end()
    }
    app?.(res)
    res.setHeader('content-type', json)
    res.end('{"ok":true}')
  }
}

export function corpus(): CorpusCase[] {
  return [
    // ── correct servers ────────────────────────────────────────────────────────────────────
    {
      id: 'ok/simple-get-reflect',
      about: 'GET, the origin echoed, Vary: Origin',
      request: {},
      server: (page) => cors(405, { 'access-control-allow-origin': page, ...V }),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/simple-get-star',
      about: 'GET, Access-Control-Allow-Origin: *',
      request: {},
      server: () => cors(405, { 'access-control-allow-origin': '*' }),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/post-text-plain-no-preflight',
      about: 'POST text/plain;charset=UTF-8 is safelisted: no preflight (OPTIONS would be 405)',
      request: { method: 'POST', bodyType: 'text/plain;charset=UTF-8' },
      server: () => cors(405, { 'access-control-allow-origin': '*' }),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/post-multipart-no-preflight',
      about: 'multipart/form-data with a boundary is safelisted',
      request: { method: 'POST', bodyType: 'multipart/form-data; boundary=x' },
      server: () => cors(405, { 'access-control-allow-origin': '*' }),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/range-no-preflight',
      about: 'Range: bytes=0-10 is a safelisted simple range',
      request: { headers: [['range', 'bytes=0-10']] },
      server: () => cors(405, { 'access-control-allow-origin': '*' }),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/preflight-put-json',
      about: 'PUT with JSON, preflight answered with the exact lists',
      request: { method: 'PUT', bodyType: json },
      server: (page) =>
        cors(
          {
            'access-control-allow-origin': page,
            'access-control-allow-methods': 'GET, PUT',
            'access-control-allow-headers': 'Content-Type',
            ...V,
          },
          { 'access-control-allow-origin': page, ...V },
        ),
      expect: { verdict: 'allowed', problems: [], warnings: ['second-origin-skipped'] },
    },
    {
      id: 'ok/preflight-wildcards',
      about: 'DELETE with a custom header; methods and headers "*" without credentials',
      request: { method: 'DELETE', headers: [['x-custom', '1']] },
      server: () =>
        cors(
          {
            'access-control-allow-origin': '*',
            'access-control-allow-methods': '*',
            'access-control-allow-headers': '*',
          },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/authorization-listed',
      about: 'Authorization named next to "*"',
      request: { headers: [['authorization', 'Bearer t']] },
      server: () =>
        cors(
          { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*, authorization' },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/header-names-any-case',
      about: 'Access-Control-Allow-Headers compared case-insensitively',
      request: { headers: [['X-Api-Key', 'k']] },
      server: (page) =>
        cors(
          { 'access-control-allow-origin': page, 'access-control-allow-headers': 'X-API-KEY', ...V },
          { 'access-control-allow-origin': page, ...V },
        ),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/credentials-same-site',
      about: 'credentials, exact origin, ACAC true, same site',
      request: { credentials: true, site: 'same' },
      server: (page) =>
        cors(405, { 'access-control-allow-origin': page, 'access-control-allow-credentials': 'true', ...V }),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/credentials-preflight-same-site',
      about: 'credentialed PUT with a custom header, every list explicit',
      request: { method: 'PUT', credentials: true, site: 'same', headers: [['x-api-key', 'k']] },
      server: (page) => {
        const h = { 'access-control-allow-origin': page, 'access-control-allow-credentials': 'true', ...V }
        return cors(
          { ...h, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-api-key' },
          h,
        )
      },
      expect: { verdict: 'allowed', problems: [], warnings: ['second-origin-skipped'] },
    },
    {
      id: 'ok/long-accept-allowed',
      about: 'an Accept value over 128 bytes needs a preflight; the server allows accept',
      request: { headers: [['accept', `application/json;q=0.9,${'x'.repeat(120)}/y`]] },
      server: () =>
        cors(
          { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'accept' },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/max-age-600',
      about: 'Access-Control-Max-Age: 600, within every cap',
      request: { method: 'PUT' },
      server: () =>
        cors(
          {
            'access-control-allow-origin': '*',
            'access-control-allow-methods': 'PUT',
            'access-control-max-age': '600',
          },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/redirect-with-cors',
      about: 'a same-origin 302 that carries CORS headers, to an allowed resource',
      request: { path: '/start' },
      server: () => (req, res) => {
        req.resume()
        if (req.url === '/start')
          return end(res, 302, { location: '/final', 'access-control-allow-origin': '*' })
        end(res, 200, { 'access-control-allow-origin': '*' }, 'ok')
      },
      expect: { verdict: 'allowed', problems: [], warnings: ['redirect-followed'] },
    },
    {
      id: 'ok/crossway-allowed',
      about: 'Crossway: a listed origin, PUT with JSON',
      request: { method: 'PUT', bodyType: json },
      server: (page) =>
        crossway({ origin: [page], methods: ['GET', 'PUT'], allowedHeaders: ['content-type'] }),
      expect: { verdict: 'allowed', problems: [], warnings: ['second-origin-skipped'] },
    },
    {
      id: 'ok/crossway-public',
      about: "Crossway: origin '*', a GET",
      request: {},
      server: () => crossway({ origin: '*' }),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'ok/crossway-credentials-same-site',
      about: 'Crossway: credentials, a listed origin, same site',
      request: { credentials: true, site: 'same', headers: [['x-api-key', 'k']] },
      server: (page) => crossway({ origin: [page], credentials: true, allowedHeaders: ['x-api-key'] }),
      expect: { verdict: 'allowed', problems: [] },
    },

    // ── Access-Control-Allow-Origin ────────────────────────────────────────────────────────
    {
      id: 'acao/missing',
      about: 'no CORS headers at all',
      request: {},
      server: () => cors(405, {}),
      expect: { verdict: 'blocked', problems: ['acao-missing'] },
      fixIncludes: 'Access-Control-Allow-Origin:',
    },
    {
      id: 'acao/other-origin',
      about: 'a hard-coded other origin',
      request: {},
      server: () => cors(405, { 'access-control-allow-origin': 'https://app.example.com', ...V }),
      expect: { verdict: 'blocked', problems: ['acao-mismatch'] },
    },
    {
      id: 'acao/null',
      about: 'Access-Control-Allow-Origin: null',
      request: {},
      server: () => cors(405, { 'access-control-allow-origin': 'null', ...V }),
      expect: { verdict: 'blocked', problems: ['acao-mismatch'] },
    },
    {
      id: 'acao/trailing-slash',
      about: 'the origin with a trailing slash',
      request: {},
      server: (page) => cors(405, { 'access-control-allow-origin': `${page}/`, ...V }),
      expect: { verdict: 'blocked', problems: ['acao-trailing-slash'] },
    },
    {
      id: 'acao/wrong-case',
      about: 'the origin upper-cased',
      request: {},
      server: (page) => cors(405, { 'access-control-allow-origin': page.toUpperCase(), ...V }),
      expect: { verdict: 'blocked', problems: ['acao-case'] },
    },
    {
      id: 'acao/comma-list',
      about: 'a comma-separated list of origins in one line',
      request: {},
      server: (page) => cors(405, { 'access-control-allow-origin': `${page}, https://b.example.com`, ...V }),
      expect: { verdict: 'blocked', problems: ['acao-list'] },
    },
    {
      id: 'acao/space-list',
      about: 'a space-separated list of origins',
      request: {},
      server: (page) => cors(405, { 'access-control-allow-origin': `https://b.example.com ${page}`, ...V }),
      expect: { verdict: 'blocked', problems: ['acao-list'] },
    },
    {
      id: 'acao/duplicate-lines',
      about: 'proxy and app each add the same origin: two lines',
      request: {},
      server: (page) => cors(405, { 'access-control-allow-origin': [page, page], ...V }),
      expect: { verdict: 'blocked', problems: ['acao-duplicate'] },
    },
    {
      id: 'acao/duplicate-star',
      about: 'two "*" lines from stacked layers',
      request: {},
      server: () => cors(405, { 'access-control-allow-origin': ['*', '*'] }),
      expect: { verdict: 'blocked', problems: ['acao-duplicate'] },
    },
    {
      id: 'acao/duplicate-crossway-and-proxy',
      about: 'Crossway plus a proxy layer that adds "*" again',
      request: { method: 'PUT' },
      server: (page) => {
        const inner = crossway({ origin: [page] })
        return (req, res) => {
          res.setHeader('access-control-allow-origin', '*')
          const setHeader = res.setHeader.bind(res)
          // The proxy's line stays; Crossway's is appended next to it, as stacked layers do.
          res.setHeader = ((name: string, value: string) =>
            name === 'access-control-allow-origin'
              ? setHeader(name, ['*', value])
              : setHeader(name, value)) as never
          inner(req, res)
        }
      },
      expect: { verdict: 'blocked', problems: ['acao-duplicate'] },
      fixIncludes: 'Crossway already writes this header',
    },
    {
      id: 'acao/crossway-origin-refused',
      about: 'Crossway: the page origin is not listed (bare 403 preflight)',
      request: { method: 'PUT' },
      server: () => crossway({ origin: ['https://app.example.com'] }),
      expect: { verdict: 'blocked', problems: ['acao-missing'] },
      fixIncludes: "policy's `origin`",
    },
    {
      id: 'acao/star-with-credentials',
      about: '"*" answered to a request with credentials',
      request: { credentials: true, site: 'same' },
      server: () => cors(405, { 'access-control-allow-origin': '*' }),
      expect: { verdict: 'blocked', problems: ['acao-wildcard-with-credentials'] },
    },
    {
      id: 'acao/crossway-star-with-credentials',
      about: "Crossway origin '*', the page fetches with credentials",
      request: { credentials: true, site: 'same', method: 'DELETE' },
      server: () => crossway({ origin: '*' }),
      expect: { verdict: 'blocked', problems: ['acao-wildcard-with-credentials'] },
      fixIncludes: 'credentials: true',
    },

    // ── Access-Control-Allow-Credentials ───────────────────────────────────────────────────
    {
      id: 'acac/missing',
      about: 'credentials, exact origin, no ACAC',
      request: { credentials: true, site: 'same' },
      server: (page) => cors(405, { 'access-control-allow-origin': page, ...V }),
      expect: { verdict: 'blocked', problems: ['acac-missing'] },
    },
    {
      id: 'acac/capitalised',
      about: 'Access-Control-Allow-Credentials: True',
      request: { credentials: true, site: 'same' },
      server: (page) =>
        cors(405, { 'access-control-allow-origin': page, 'access-control-allow-credentials': 'True', ...V }),
      expect: { verdict: 'blocked', problems: ['acac-not-true'] },
    },
    {
      id: 'acac/duplicate',
      about: 'two ACAC lines: "true, true"',
      request: { credentials: true, site: 'same' },
      server: (page) =>
        cors(405, {
          'access-control-allow-origin': page,
          'access-control-allow-credentials': ['true', 'true'],
          ...V,
        }),
      expect: { verdict: 'blocked', problems: ['acac-not-true'] },
    },
    {
      id: 'acac/crossway-credentials-off',
      about: 'Crossway without credentials, the page sends them',
      request: { credentials: true, site: 'same' },
      server: (page) => crossway({ origin: [page] }),
      expect: { verdict: 'blocked', problems: ['acac-missing'] },
      fixIncludes: 'credentials: true',
    },
    {
      id: 'acac/preflight-missing',
      about: 'credentials: the preflight lacks ACAC (the actual has it)',
      request: { method: 'PUT', credentials: true, site: 'same' },
      server: (page) =>
        cors(
          { 'access-control-allow-origin': page, 'access-control-allow-methods': 'PUT', ...V },
          { 'access-control-allow-origin': page, 'access-control-allow-credentials': 'true', ...V },
        ),
      expect: { verdict: 'blocked', problems: ['acac-missing'] },
    },

    // ── the preflight's status ─────────────────────────────────────────────────────────────
    {
      id: 'preflight/json-but-no-options-route',
      about: 'POST application/json, the server has no OPTIONS route (404)',
      request: { method: 'POST', bodyType: json },
      server: () => cors(404, { 'access-control-allow-origin': '*' }),
      expect: { verdict: 'blocked', problems: ['preflight-status'] },
    },
    {
      id: 'preflight/auth-first-401',
      about: 'authentication ahead of CORS answers the preflight 401',
      request: { headers: [['authorization', 'Bearer t']] },
      server: () => cors(401, { 'access-control-allow-origin': '*' }),
      expect: { verdict: 'blocked', problems: ['preflight-status'] },
    },
    {
      id: 'preflight/500-with-cors-headers',
      about: 'the preflight has every header but status 500',
      request: { method: 'PUT' },
      server: () =>
        cors(
          { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT' },
          { 'access-control-allow-origin': '*' },
          500,
        ),
      expect: { verdict: 'blocked', problems: ['preflight-status'] },
    },
    {
      id: 'preflight/redirect-301',
      about: 'the preflight is redirected (http to https, trailing slash)',
      request: { method: 'PUT' },
      server: () => cors({ location: '/other/' }, { 'access-control-allow-origin': '*' }, 301),
      expect: { verdict: 'blocked', problems: ['preflight-redirect'] },
    },
    {
      id: 'preflight/redirect-307-with-cors',
      about: 'a 307 preflight answer, even with CORS headers',
      request: { method: 'PUT' },
      server: () =>
        cors(
          { location: '/other', 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT' },
          { 'access-control-allow-origin': '*' },
          307,
        ),
      expect: { verdict: 'blocked', problems: ['preflight-redirect'] },
    },

    // ── methods and headers ────────────────────────────────────────────────────────────────
    {
      id: 'method/not-listed',
      about: 'PUT asked, GET,POST allowed',
      request: { method: 'PUT' },
      server: () =>
        cors(
          { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET,POST' },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'blocked', problems: ['method-not-allowed'] },
    },
    {
      id: 'method/no-acam',
      about: 'DELETE asked, no Access-Control-Allow-Methods at all',
      request: { method: 'DELETE' },
      server: () => cors({ 'access-control-allow-origin': '*' }, { 'access-control-allow-origin': '*' }),
      expect: { verdict: 'blocked', problems: ['method-not-allowed'] },
    },
    {
      id: 'method/case',
      about: 'PATCH asked, "patch" allowed (methods compare byte for byte)',
      request: { method: 'PATCH' },
      server: () =>
        cors(
          { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'get,patch' },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'blocked', problems: ['method-not-allowed'] },
    },
    {
      id: 'method/wildcard-with-credentials',
      about: 'methods "*" with credentials is the literal name "*"',
      request: { method: 'PUT', credentials: true, site: 'same' },
      server: (page) => {
        const h = { 'access-control-allow-origin': page, 'access-control-allow-credentials': 'true', ...V }
        return cors({ ...h, 'access-control-allow-methods': '*' }, h)
      },
      expect: { verdict: 'blocked', problems: ['method-wildcard-with-credentials'] },
    },
    {
      id: 'method/crossway-patch-refused',
      about: 'Crossway: PATCH not in methods (bare 403)',
      request: { method: 'PATCH' },
      server: (page) => crossway({ origin: [page], methods: ['GET', 'PUT'] }),
      expect: { verdict: 'blocked', problems: ['method-not-allowed'] },
      fixIncludes: '`methods`',
    },
    {
      id: 'method/crossway-debug',
      about: 'Crossway with debug: the refused preflight lists what is allowed',
      request: { method: 'PATCH' },
      server: (page) => crossway({ origin: [page], methods: ['GET', 'PUT'], debug: true }),
      expect: { verdict: 'blocked', problems: ['method-not-allowed'] },
      fixIncludes: '`methods`',
    },
    {
      id: 'header/not-listed',
      about: 'x-api-key asked, content-type allowed',
      request: { headers: [['x-api-key', 'k']] },
      server: () =>
        cors(
          { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'blocked', problems: ['header-not-allowed'] },
    },
    {
      id: 'header/json-content-type-not-listed',
      about: 'POST application/json; the preflight allows no headers',
      request: { method: 'POST', bodyType: json },
      server: () =>
        cors(
          { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST' },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'blocked', problems: ['header-not-allowed'] },
    },
    {
      id: 'header/wildcard-with-credentials',
      about: 'headers "*" with credentials is the literal name "*"',
      request: { credentials: true, site: 'same', headers: [['x-api-key', 'k']] },
      server: (page) => {
        const h = { 'access-control-allow-origin': page, 'access-control-allow-credentials': 'true', ...V }
        return cors({ ...h, 'access-control-allow-headers': '*' }, h)
      },
      expect: { verdict: 'blocked', problems: ['header-wildcard-with-credentials'] },
    },
    {
      id: 'header/wildcard-authorization',
      about: 'headers "*" does not cover Authorization',
      request: { headers: [['authorization', 'Bearer t']] },
      server: () =>
        cors(
          { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' },
          { 'access-control-allow-origin': '*' },
        ),
      // The Fetch standard blocks this (CORS-preflight fetch, step 7.6); no engine does yet.
      expect: { verdict: 'allowed', problems: ['wildcard-authorization'] },
    },
    {
      id: 'header/crossway-refused',
      about: 'Crossway: x-secret not in allowedHeaders (bare 403)',
      request: {
        headers: [
          ['x-api-key', 'k'],
          ['x-secret', 's'],
        ],
      },
      server: (page) => crossway({ origin: [page], allowedHeaders: ['x-api-key'] }),
      expect: { verdict: 'blocked', problems: ['header-not-allowed'] },
      fixIncludes: '`allowedHeaders`',
    },
    {
      id: 'header/long-accept-not-allowed',
      about: 'an Accept value over 128 bytes is no longer safelisted',
      request: { headers: [['accept', `application/json;q=0.9,${'x'.repeat(120)}/y`]] },
      server: () => cors({ 'access-control-allow-origin': '*' }, { 'access-control-allow-origin': '*' }),
      expect: { verdict: 'blocked', problems: ['header-not-allowed'] },
    },
    {
      id: 'header/safelisted-total-over-1024',
      about: 'nine safelisted Accept-Language lines, 1080 bytes in all: all unsafe',
      request: { headers: Array.from({ length: 9 }, () => ['accept-language', `en-GB,${'e'.repeat(114)}`]) },
      server: () => cors(405, { 'access-control-allow-origin': '*' }),
      expect: { verdict: 'blocked', problems: ['preflight-status'], warnings: ['engines-disagree'] },
      engines: { firefox: 'allowed' },
    },
    {
      id: 'header/content-language-unsafe-value',
      about: 'Content-Language with a byte outside its safelist needs a preflight',
      request: { headers: [['content-language', 'en(us)']] },
      server: () => cors(405, { 'access-control-allow-origin': '*' }),
      expect: { verdict: 'blocked', problems: ['preflight-status'] },
    },
    {
      id: 'acam/unparsable',
      about: 'Access-Control-Allow-Methods: GET PUT (no comma)',
      request: { method: 'PUT' },
      server: () =>
        cors(
          { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET PUT' },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'blocked', problems: ['acam-unparsable'] },
    },
    {
      id: 'acah/unparsable',
      about: 'Access-Control-Allow-Headers separated by semicolons',
      request: { headers: [['x-api-key', 'k']] },
      server: () =>
        cors(
          { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type; x-api-key' },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'blocked', problems: ['acah-unparsable'] },
    },

    // ── redirects on the actual request ────────────────────────────────────────────────────
    {
      id: 'redirect/without-cors',
      about: 'GET redirected (302) by a layer that adds no CORS headers',
      request: { path: '/start' },
      server: (page) => (req, res) => {
        req.resume()
        if (req.url === '/start') return end(res, 302, { location: '/final' })
        end(res, 200, { 'access-control-allow-origin': page, ...V }, 'ok')
      },
      expect: { verdict: 'blocked', problems: ['actual-redirect'] },
    },
    {
      id: 'redirect/after-preflight-without-cors',
      about: 'the preflight passes, the PUT is answered 307 without CORS headers',
      request: { method: 'PUT', path: '/start' },
      server: () => (req, res) => {
        req.resume()
        if (isPreflight(req))
          return end(res, 204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT' })
        if (req.url === '/start') return end(res, 307, { location: '/final' })
        end(res, 200, { 'access-control-allow-origin': '*' }, 'ok')
      },
      expect: { verdict: 'blocked', problems: ['actual-redirect'] },
    },
    {
      id: 'redirect/cross-origin-taints',
      about: 'a redirect to another origin makes the Origin "null"; the target allows only the page',
      request: { path: '/start' },
      server: (page) => (req, res) => {
        req.resume()
        if (req.url === '/start') {
          const port = (req.headers.host ?? '').split(':')[1]
          return end(res, 302, {
            location: `http://localhost:${port}/final`,
            'access-control-allow-origin': '*',
          })
        }
        end(res, 200, { 'access-control-allow-origin': page, ...V }, 'ok')
      },
      expect: { verdict: 'blocked', problems: ['acao-mismatch'], warnings: ['redirect-followed'] },
    },

    // ── hazards that do not block ──────────────────────────────────────────────────────────
    {
      id: 'vary/reflected-without-vary',
      about: 'listed origins echoed, without Vary: Origin',
      request: {},
      server: (page) => (req, res) => {
        req.resume()
        const listed = req.headers.origin === page || req.headers.origin === 'https://b.example.com'
        end(res, 200, listed ? { 'access-control-allow-origin': req.headers.origin as string } : {}, 'ok')
      },
      expect: { verdict: 'allowed', problems: ['vary-origin-missing'] },
    },
    {
      id: 'vary/put-named-origin-without-vary',
      about: 'PUT: the origin named without Vary (no second origin is asked for a PUT)',
      request: { method: 'PUT' },
      server: (page) =>
        cors(
          { 'access-control-allow-origin': page, 'access-control-allow-methods': 'PUT', ...V },
          { 'access-control-allow-origin': page },
        ),
      expect: { verdict: 'allowed', problems: ['vary-origin-missing'] },
    },
    {
      id: 'ok/hard-coded-origin-without-vary',
      about: 'one hard-coded origin and no Vary: the same answer for everyone, safe to cache',
      request: {},
      server: (page) => cors(405, { 'access-control-allow-origin': page }),
      expect: { verdict: 'allowed', problems: [] },
    },
    {
      id: 'vary/only-on-allowed',
      about: 'Vary: Origin on allowed answers only; a refused answer is cacheable for everyone',
      request: {},
      server: (page) => (req, res) => {
        req.resume()
        if (req.headers.origin === page)
          return end(res, 200, { 'access-control-allow-origin': page, ...V }, 'ok')
        end(res, 200, {}, 'ok')
      },
      expect: { verdict: 'allowed', problems: ['vary-origin-missing'] },
    },
    {
      id: 'vary/crossway-vary-overwritten',
      about: 'Crossway, then the app replaces Vary',
      request: {},
      server: (page) => crossway({ origin: [page] }, (res) => res.setHeader('vary', 'Accept-Encoding')),
      expect: { verdict: 'allowed', problems: ['vary-origin-missing'] },
      fixIncludes: 'mergeVary',
    },
    {
      id: 'origin/reflects-any',
      about: 'any origin echoed (with Vary), no credentials',
      request: {},
      server: () => (req, res) => {
        req.resume()
        end(res, 200, { 'access-control-allow-origin': req.headers.origin ?? '*', ...V }, 'ok')
      },
      expect: { verdict: 'allowed', problems: [], warnings: ['reflects-any-origin'] },
    },
    {
      id: 'origin/credentials-any',
      about: 'any origin echoed with credentials',
      request: { credentials: true, site: 'same' },
      server: () => (req, res) => {
        req.resume()
        const h = {
          'access-control-allow-origin': req.headers.origin ?? '',
          'access-control-allow-credentials': 'true',
          ...V,
        }
        end(res, 200, h, 'ok')
      },
      expect: { verdict: 'allowed', problems: ['credentials-any-origin'] },
    },
    {
      id: 'max-age/over-every-cap',
      about: 'Access-Control-Max-Age: 86401',
      request: { method: 'PUT' },
      server: () =>
        cors(
          {
            'access-control-allow-origin': '*',
            'access-control-allow-methods': 'PUT',
            'access-control-max-age': '86401',
          },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'allowed', problems: ['max-age-capped'] },
    },
    {
      id: 'max-age/over-webkit-cap',
      about: 'Access-Control-Max-Age: 3600 (WebKit keeps 600)',
      request: { method: 'PUT' },
      server: () =>
        cors(
          {
            'access-control-allow-origin': '*',
            'access-control-allow-methods': 'PUT',
            'access-control-max-age': '3600',
          },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'allowed', problems: ['max-age-capped'] },
    },
    {
      id: 'max-age/unparsable',
      about: 'Access-Control-Max-Age: 10m',
      request: { method: 'PUT' },
      server: () =>
        cors(
          {
            'access-control-allow-origin': '*',
            'access-control-allow-methods': 'PUT',
            'access-control-max-age': '10m',
          },
          { 'access-control-allow-origin': '*' },
        ),
      expect: { verdict: 'allowed', problems: [], warnings: ['max-age-unparsable'] },
    },
    {
      id: 'cookies/third-party',
      about: 'credentials to another site: CORS passes, cookies are third-party',
      request: { credentials: true },
      server: (page) =>
        cors(405, { 'access-control-allow-origin': page, 'access-control-allow-credentials': 'true', ...V }),
      expect: { verdict: 'allowed', problems: ['third-party-cookies'], warnings: ['engines-disagree'] },
    },
    {
      id: 'lna/public-page-to-loopback',
      about: 'a page on a public origin calls 127.0.0.1',
      origin: 'https://app.example.com',
      request: {},
      server: () => cors(405, { 'access-control-allow-origin': 'https://app.example.com', ...V }),
      expect: { verdict: 'allowed', problems: ['local-network-access'], warnings: ['engines-disagree'] },
      browsers: { skip: 'needs a page on a public address; every page here is on loopback' },
    },
  ]
}
