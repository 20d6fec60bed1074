// Which routes could a preflight's `Access-Control-Request-Method` reach? Fastify's own router
// is the judge (semantics.md §7a), but `findRoute` only says whether a route matches, not
// which one. So the routes Fastify holds (listed from its router, see fastify-internals.ts) go
// into find-my-way again, with Fastify's matching options, only to tell which route it is;
// every answer is then checked against `app.findRoute`, and any disagreement refuses the
// preflight rather than letting a policy Fastify would not pick decide it.
//
// Constraints other than `host` (`version`, custom strategies) hang on headers a preflight
// never carries, so every route the actual request could reach is a candidate: the first
// unconstrained match, plus the first match among the routes of each distinct constraint
// set. That over-approximates Fastify's choice, which only makes the answer stricter.

import type { FastifyInstance, HTTPMethods } from 'fastify'
import FindMyWay from 'find-my-way'
import { type FastifyRouteRecord, routerOptionsOf } from './fastify-internals'

type Router = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>
type Method = FindMyWay.HTTPMethod
interface Store<T> {
  readonly values: T[]
}

const noop = () => {}
const noQuery = () => ({})
const NONE: readonly never[] = Object.freeze([])

/** Maps a preflight's (method, URL, Host) to the values of the routes it could reach. */
export class PreflightRouter<T> {
  readonly #app: FastifyInstance
  readonly #plain: Router
  readonly #constrained: Router[] = []
  readonly #methods = new Set<string>()
  #byHost = false

  constructor(
    app: FastifyInstance,
    routes: readonly FastifyRouteRecord[],
    policyOf: (route: FastifyRouteRecord) => T,
  ) {
    this.#app = app
    this.#plain = newRouter(app)
    const bySignature = new Map<string, Router>()
    for (const route of routes) {
      const { host, ...others } = route.constraints
      if (host !== undefined) this.#byHost = true
      this.#methods.add(route.method)
      const signature = Object.keys(others).length === 0 ? '' : signatureOf(others)
      let router = signature === '' ? this.#plain : bySignature.get(signature)
      if (router === undefined) {
        router = newRouter(app)
        bySignature.set(signature, router)
        this.#constrained.push(router)
      }
      add(router, route.method, route.path, host, policyOf(route))
    }
  }

  /**
   * The values of every route `method` and `url` could reach (empty: no route), or `null`
   * when this table and Fastify's router disagree about the unconstrained match.
   */
  find(method: string, url: string, host: string | undefined): readonly T[] | null {
    // No route has that method. Also keeps names like `__proto__` away from Fastify 4's router,
    // which looks methods up on a plain object.
    if (!this.#methods.has(method)) return NONE
    const constraints = this.#byHost && host !== undefined ? { host } : undefined
    const plain = this.#plain.find(method as Method, url, constraints)
    const fastify = this.#app.findRoute({ method: method as HTTPMethods, url, constraints })
    if ((plain === null) !== (fastify === null)) return null
    if (plain !== null && !sameParams(plain.params, fastify!.params)) return null
    let values: readonly T[] = (plain?.store as Store<T> | null)?.values ?? NONE
    for (const router of this.#constrained) {
      const found = (router.find(method as Method, url, constraints)?.store as Store<T> | null)?.values
      if (found !== undefined) values = values.concat(found)
    }
    return values
  }
}

function newRouter(app: FastifyInstance): Router {
  const o = routerOptionsOf(app) as Record<string, any>
  return FindMyWay({
    caseSensitive: o.caseSensitive,
    ignoreTrailingSlash: o.ignoreTrailingSlash,
    ignoreDuplicateSlashes: o.ignoreDuplicateSlashes,
    maxParamLength: o.maxParamLength,
    useSemicolonDelimiter: o.useSemicolonDelimiter,
    // Fastify already accepted every pattern. Where Fastify answers a bad URL or an over-long
    // parameter itself, this table matches "no route" the same way, so the two still agree.
    allowUnsafeRegex: true,
    onBadUrl: o.onBadUrl ? noop : undefined,
    onMaxParamLength: o.onMaxParamLength ? noop : undefined,
    querystringParser: noQuery,
  } as FindMyWay.Config<FindMyWay.HTTPVersion.V1>)
}

function add<T>(router: Router, method: string, path: string, host: unknown, value: T): void {
  const constraints = host === undefined ? {} : { host }
  // Fastify accepted each (method, path, constraints) once, so a duplicate here is one that only
  // differed in the constraints set aside: the same node, one more candidate.
  const existing = router.findRoute(method as Method, path, constraints)
  if (existing !== null && existing.store != null) {
    ;(existing.store as Store<T>).values.push(value)
    return
  }
  try {
    router.on(method as Method, path, { constraints }, noop, { values: [value] } satisfies Store<T>)
  } catch {
    // A pattern this copy of find-my-way refuses stays out; `find` then disagrees with
    // Fastify's router for its paths, and their preflights are refused.
  }
}

function signatureOf(constraints: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(constraints)
      .sort()
      .map((key) => [key, String(constraints[key])]),
  )
}

function sameParams(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let count = 0
  for (const key in a) {
    if (a[key] !== b[key]) return false
    count++
  }
  for (const _ in b) count--
  return count === 0
}
