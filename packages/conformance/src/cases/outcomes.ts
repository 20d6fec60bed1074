import type { CaseExpectation, ExpectedRejection } from '../case'
import { ACAM, ACAO, ALL_CORS_HEADERS, VARY_PREFLIGHT } from '../header-names'

/** How a standard route answers when it runs (see `standardRoutes`). */
export interface AppAnswer {
  readonly handler: string | false
  readonly status: number
  readonly body?: string
}

export const ROOT: AppAnswer = { handler: 'root', status: 200, body: 'ok' }
export const GET_RESOURCE: AppAnswer = { handler: 'resource-get', status: 200, body: 'get' }
export const POST_RESOURCE: AppAnswer = { handler: 'resource-post', status: 201, body: 'post' }
export const PUT_RESOURCE: AppAnswer = { handler: 'resource-put', status: 200, body: 'put' }
export const PATCH_RESOURCE: AppAnswer = { handler: 'resource-patch', status: 200, body: 'patch' }
export const DELETE_RESOURCE: AppAnswer = { handler: 'resource-delete', status: 200, body: 'delete' }
export const OPTIONS_RESOURCE: AppAnswer = { handler: 'resource-options', status: 200, body: 'options' }
export const VARY_ROUTE: AppAnswer = { handler: 'vary', status: 200, body: 'vary' }
export const VARY_STAR_ROUTE: AppAnswer = { handler: 'vary-star', status: 200, body: 'vary-star' }
export const TEAPOT: AppAnswer = { handler: 'teapot', status: 418, body: 'teapot' }
/** A route that throws: the framework's error page hides whether the handler ran, and its body is its own. */
export const THROWS: Omit<AppAnswer, 'handler'> & { readonly handler?: undefined } = { status: 500 }
/** A path with no route: the framework's own 404, whose body is its own. */
export const MISSING: AppAnswer = { handler: false, status: 404 }

type Answer = AppAnswer | typeof THROWS

interface Extra {
  /** More exact headers. */
  readonly headers?: Readonly<Record<string, string>>
  /** The exact `Vary` token set; defaults to what the policy's origin implies. */
  readonly vary?: readonly string[]
}

function answer(app: Answer): Pick<CaseExpectation, 'status' | 'body' | 'handlerCalled'> {
  return {
    status: app.status,
    ...(app.body !== undefined && { body: app.body }),
    ...(app.handler !== undefined && { handlerCalled: app.handler }),
  }
}

/** Every CORS header not expected is absent: what is not granted is not sent. */
function otherCorsHeaders(headers: Readonly<Record<string, string>>): readonly string[] {
  return ALL_CORS_HEADERS.filter((name) => !(name in headers))
}

/** An allowed actual request: the route answers as usual, with `ACAO` and the extra headers. */
export function allowedActual(acao: string, app: Answer, extra: Extra = {}): CaseExpectation {
  const headers = { [ACAO]: acao, ...extra.headers }
  return {
    ...answer(app),
    headers,
    absent: otherCorsHeaders(headers),
    vary: { exact: extra.vary ?? (acao === '*' ? [] : ['Origin']) },
  }
}

/** An actual request whose origin is refused: the route still answers, with no CORS header at all. */
export function refusedActual(
  origin: string,
  app: Answer,
  extra: { method?: string; vary?: readonly string[] } = {},
) {
  return {
    ...answer(app),
    absent: ALL_CORS_HEADERS,
    vary: { exact: extra.vary ?? ['Origin'] },
    rejection: { kind: 'actual', reason: 'origin', origin, method: extra.method ?? 'GET' },
  } satisfies CaseExpectation
}

/** A request without a usable `Origin`: the route answers, no CORS header unless given. */
export function notCors(app: Answer, extra: Extra = {}): CaseExpectation {
  const headers = { ...extra.headers }
  return {
    ...answer(app),
    headers,
    absent: otherCorsHeaders(headers),
    vary: { exact: extra.vary ?? (headers[ACAO] === '*' ? [] : ['Origin']) },
  }
}

/** A preflight the middleware answers itself: the given status, headers and an empty body. */
export function allowedPreflight(
  headers: Readonly<Record<string, string>>,
  extra: { status?: number; vary?: readonly string[]; rejection?: ExpectedRejection } = {},
): CaseExpectation {
  return {
    status: extra.status ?? 204,
    body: '',
    handlerCalled: false,
    headers,
    absent: otherCorsHeaders(headers),
    vary: { exact: extra.vary ?? (headers[ACAO] === '*' ? VARY_PREFLIGHT.slice(1) : VARY_PREFLIGHT) },
    ...(extra.rejection && { rejection: extra.rejection }),
  }
}

/** The default `ACAM`: semantics.md §2. */
export const DEFAULT_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE'

/** An allowed preflight under the default methods. */
export function allowedDefaultPreflight(acao: string, headers: Readonly<Record<string, string>> = {}) {
  return allowedPreflight({ [ACAO]: acao, [ACAM]: DEFAULT_METHODS, ...headers })
}

/** A refused preflight: a bare 403, no CORS header, the route not run, `onReject` told why. */
export function refusedPreflight(
  rejection: Omit<ExpectedRejection, 'kind' | 'method'>,
  extra: { vary?: readonly string[] } = {},
): CaseExpectation {
  return {
    status: 403,
    body: '',
    handlerCalled: false,
    absent: ALL_CORS_HEADERS,
    vary: { exact: extra.vary ?? VARY_PREFLIGHT },
    rejection: { kind: 'preflight', method: 'OPTIONS', ...rejection },
  }
}
