import { isThenable } from './maybe-promise'
import type { CorsOriginFunction } from './options'

/**
 * Calls the user's `origin` function (semantics.md §2). What it throws, or what its promise
 * rejects with, goes on to the framework's error handling unchanged — except the one mistake
 * every `cors` user makes on migrating: a `(origin, callback) => callback(null, ok)`
 * function, which receives the request as `callback` and throws a bare "callback is not a
 * function". That error is replaced by one naming the fix, with the original as `cause`.
 * Returns the verdict as is (only `true` allows), or a promise of it.
 */
export function callOriginFunction(fn: CorsOriginFunction<any>, origin: string, request: unknown): unknown {
  let verdict: unknown
  try {
    verdict = fn(origin, request)
  } catch (error) {
    throw explain(fn, error)
  }
  return isThenable(verdict)
    ? Promise.resolve(verdict).then(undefined, (error: unknown) => {
        throw explain(fn, error)
      })
    : verdict
}

/** Built per failure, never shared: an error object can carry one request's state to another (§7a). */
function explain(fn: Function, error: unknown): unknown {
  if (!calledSecondArgument(fn, error)) return error
  return new TypeError(
    'crossway: the origin function called its second argument as a callback — ' +
      "(origin, callback) => callback(null, ok) is the `cors` package's style; Crossway passes " +
      'the request there. Write (origin, request) => ok, or async (origin) => ok, returning true to allow.',
    { cause: error },
  )
}

/**
 * Whether `error` is the TypeError of calling `fn`'s second parameter. V8, SpiderMonkey and
 * JavaScriptCore all open that message with the callee as written in the source —
 * "callback is not a function" (JSC then adds "(In 'callback(null, true)', …)") — and
 * the parameter's name comes from the same source text, so the two agree even after
 * minification. Checked by name, not by the bare phrase: a two-parameter function whose
 * own code calls some other undefined function keeps its own error.
 */
function calledSecondArgument(fn: Function, error: unknown): boolean {
  if (fn.length < 2 || typeof error !== 'object' || error === null) return false
  // By name, not instanceof: the function may come from another realm.
  const { name, message } = error as { name?: unknown; message?: unknown }
  if (name !== 'TypeError' || typeof message !== 'string') return false
  const parameter = secondParameterName(fn)
  return parameter !== undefined && message.startsWith(`${parameter} is not a function`)
}

/** The second parameter's name as written, or `undefined` when it is not a plain identifier (native, bound, destructured). */
function secondParameterName(fn: Function): string | undefined {
  const source = Function.prototype.toString.call(fn)
  const open = source.indexOf('(')
  if (open === -1) return undefined
  const first = source.indexOf(',', open)
  if (first === -1) return undefined
  let end = first + 1
  while (end < source.length && source[end] !== ',' && source[end] !== ')') end++
  const name = stripComments(source.slice(first + 1, end)).trim()
  return isIdentifier(name) ? name : undefined
}

function stripComments(text: string): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2)
      i = close === -1 ? text.length : close + 2
    } else out += text[i++]
  }
  return out
}

function isIdentifier(name: string): boolean {
  if (name.length === 0) return false
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x24
    if (!letter && !(i > 0 && c >= 0x30 && c <= 0x39) && c < 0x80) return false
  }
  return true
}
