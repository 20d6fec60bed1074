import type { CorsOptions, CorsOriginFunction } from './options'
import { type OriginPattern, parseOrigin } from './origin'
import { isWildcardList, readListElements } from './tokens'

type WildcardPattern = Extract<OriginPattern, { type: 'wildcard' }>

/** A validated policy in the form the request path wants: sets, final header strings, flags. */
export interface CompiledPolicy {
  readonly anyOrigin: boolean
  /** Normalised exact origins (including `null`). */
  readonly exactOrigins: ReadonlySet<string>
  readonly wildcards: readonly WildcardPattern[]
  readonly regexps: readonly RegExp[]
  readonly originFunction: CorsOriginFunction<any> | undefined
  readonly credentials: boolean
  /** `undefined` for `'*'`. */
  readonly methods: ReadonlySet<string> | undefined
  /** The `Access-Control-Allow-Methods` value; `undefined` when the list is empty. */
  readonly methodsValue: string | undefined
  /** Lower-cased names; `undefined` for `'*'`. */
  readonly allowedHeaders: ReadonlySet<string> | undefined
  readonly allowedHeadersValue: string | undefined
  readonly exposedHeadersValue: string | undefined
  readonly maxAgeValue: string | undefined
  readonly successStatus: number
  readonly preflightContinue: boolean
  readonly privateNetwork: boolean
  readonly debug: boolean
  readonly onReject: CorsOptions['onReject']
  /** `undefined` when the `csrf` option is off. */
  readonly csrf: { readonly reportOnly: boolean; readonly hostHeader: string } | undefined
  /** The `Cache-Control` of answered allowed preflights; `undefined` when the option is off. */
  readonly cacheControlValue: string | undefined
}

const DEFAULT_METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']
// Fetch upper-cases exactly these six in `fetch()`; every other method keeps its case on
// the wire, so `patch` in a config must stay `patch` to match what the browser sends.
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'])

/** Turns options already accepted by `validateOptions` into a `CompiledPolicy`. */
export function compilePolicy(options: CorsOptions<any>): CompiledPolicy {
  const origin = options.origin ?? '*'
  const exactOrigins = new Set<string>()
  const wildcards: WildcardPattern[] = []
  const regexps: RegExp[] = []
  let originFunction: CorsOriginFunction<any> | undefined
  if (typeof origin === 'function') originFunction = origin
  else if (origin !== '*') {
    for (const entry of Array.isArray(origin) ? origin : [origin]) {
      if (entry instanceof RegExp) {
        regexps.push(entry)
        continue
      }
      const parsed = parseOrigin(entry)
      if (!parsed.ok) continue // unreachable after validation
      if (parsed.pattern.type === 'exact') exactOrigins.add(parsed.pattern.value)
      else wildcards.push(parsed.pattern)
    }
  }

  const methodList = readList(options.methods)
  const methods =
    methodList === '*'
      ? undefined
      : new Set(
          (methodList ?? DEFAULT_METHODS).map((m) =>
            NORMALISED_METHODS.has(m.toUpperCase()) ? m.toUpperCase() : m,
          ),
        )
  const headerList = readList(options.allowedHeaders)
  const allowedHeaders = headerList === undefined || headerList === '*' ? undefined : headerList
  const exposed = readList(options.exposedHeaders)

  return {
    anyOrigin: origin === '*',
    exactOrigins,
    wildcards,
    regexps,
    originFunction,
    credentials: options.credentials === true,
    methods,
    methodsValue: methods === undefined ? '*' : joinOrUndefined([...methods]),
    allowedHeaders:
      allowedHeaders === undefined ? undefined : new Set(allowedHeaders.map((h) => h.toLowerCase())),
    allowedHeadersValue: allowedHeaders === undefined ? '*' : joinOrUndefined(allowedHeaders),
    exposedHeadersValue: exposed === undefined ? undefined : exposed === '*' ? '*' : joinOrUndefined(exposed),
    maxAgeValue: options.maxAge === undefined ? undefined : String(options.maxAge),
    successStatus: options.optionsSuccessStatus ?? 204,
    preflightContinue: options.preflightContinue === true,
    privateNetwork: options.privateNetwork === true,
    debug: options.debug === true,
    onReject: options.onReject,
    csrf:
      options.csrf === undefined || options.csrf === false
        ? undefined
        : {
            reportOnly: options.csrf !== true && options.csrf.reportOnly === true,
            hostHeader: (options.csrf !== true && options.csrf.hostHeader?.toLowerCase()) || 'host',
          },
    cacheControlValue:
      options.cacheControl === undefined
        ? undefined
        : typeof options.cacheControl === 'number'
          ? `public, max-age=${options.cacheControl}`
          : options.cacheControl,
  }
}

function readList(value: string | readonly string[] | undefined): string[] | '*' | undefined {
  if (value === undefined) return undefined
  const elements = readListElements(value)
  return isWildcardList(elements) ? '*' : elements.map((e) => e.value as string)
}

function joinOrUndefined(list: readonly string[]): string | undefined {
  return list.length === 0 ? undefined : list.join(',')
}
