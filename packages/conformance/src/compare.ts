import type { CorsRejection } from '@crossway/core'
import type { CaseExpectation, VaryExpectation } from './case'
import type { ConformanceResponse } from './harness'
import { LIST_HEADERS, VARY, X_HANDLER } from './header-names'

/**
 * What a case checks, in one comparable shape: the runner builds it once from the expectation
 * and once from the response, so a failing case shows every difference in a single diff.
 */
export interface CaseView {
  readonly status: number | '5xx'
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>
  readonly present: readonly string[]
  readonly absent: Readonly<Record<string, string>>
  readonly vary?: Readonly<Record<string, readonly string[]>>
  readonly handlerCalled?: string | false
  readonly body?: string
  readonly rejections: readonly unknown[]
}

/** Stands for any non-empty `message` in a recorded rejection. */
const A_SENTENCE = '<a non-empty message>'

/** The view a case expects. */
export function expectedView(expect: CaseExpectation): CaseView {
  const headers: Record<string, string | readonly string[] | undefined> = {}
  for (const [name, value] of Object.entries(expect.headers ?? {}))
    headers[name] = normaliseValue(name, value)
  return {
    status: expect.status,
    headers,
    present: expect.present ?? [],
    absent: {},
    ...(expect.vary && { vary: expectedVary(expect.vary) }),
    ...(expect.handlerCalled !== undefined && { handlerCalled: expect.handlerCalled }),
    ...(expect.body !== undefined && { body: expect.body }),
    rejections: expect.rejection ? [{ ...expect.rejection, message: A_SENTENCE }] : [],
  }
}

/** The same view, read from a response and the `onReject` calls it caused. */
export function actualView(
  expect: CaseExpectation,
  response: ConformanceResponse,
  rejections: readonly CorsRejection[],
): CaseView {
  const h = response.headers
  const headers: Record<string, string | readonly string[] | undefined> = {}
  for (const name of Object.keys(expect.headers ?? {})) headers[name] = normaliseValue(name, h[name])
  const absent: Record<string, string> = {}
  for (const name of expect.absent ?? []) if (h[name] !== undefined) absent[name] = h[name]
  const status =
    expect.status === '5xx' && response.status >= 500 && response.status < 600 ? '5xx' : response.status
  return {
    status,
    headers,
    present: (expect.present ?? []).filter((name) => h[name] !== undefined),
    absent,
    ...(expect.vary && { vary: actualVary(expect.vary, h[VARY]) }),
    ...(expect.handlerCalled !== undefined && { handlerCalled: h[X_HANDLER] ?? false }),
    ...(expect.body !== undefined && { body: response.body }),
    rejections: rejections.map(viewOfRejection),
  }
}

function viewOfRejection(rejection: CorsRejection): unknown {
  const view: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(rejection)) if (value !== undefined) view[key] = value
  if (typeof rejection.message === 'string' && rejection.message.trim() !== '') view.message = A_SENTENCE
  return view
}

/** List headers become sorted tokens: order is not part of the contract, spelling and count are. */
function normaliseValue(name: string, value: string | undefined): string | readonly string[] | undefined {
  const list = LIST_HEADERS[name]
  if (value === undefined || list === undefined) return value
  return tokens(value, list.trim, list.ignoreCase)
}

function tokens(value: string, trim: boolean, ignoreCase: boolean): string[] {
  return value
    .split(',')
    .map((t) => (trim ? t.trim() : t))
    .map((t) => (ignoreCase ? t.toLowerCase() : t))
    .filter((t) => t !== '')
    .sort()
}

function expectedVary(v: VaryExpectation): Record<string, readonly string[]> {
  const view: Record<string, readonly string[]> = {}
  if (v.exact) view.exact = v.exact.map((t) => t.toLowerCase()).sort()
  if (v.has) view.has = v.has.map((t) => t.toLowerCase()).sort()
  if (v.lacks) view.lacks = []
  return view
}

function actualVary(v: VaryExpectation, header: string | undefined): Record<string, readonly string[]> {
  const present = header === undefined ? [] : tokens(header, true, true)
  const view: Record<string, readonly string[]> = {}
  // Duplicates stay in `exact`, so `Origin, origin` fails against `['Origin']`.
  if (v.exact) view.exact = present
  if (v.has)
    view.has = v.has
      .map((t) => t.toLowerCase())
      .filter((t) => present.includes(t))
      .sort()
  if (v.lacks) view.lacks = v.lacks.map((t) => t.toLowerCase()).filter((t) => present.includes(t))
  return view
}
