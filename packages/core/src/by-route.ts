// Policies per route, keyed by the framework's own name for the route that will run (SvelteKit's
// `event.route.id`, Astro's `context.routePattern`): the framework has already matched the
// request, after its base path, trailing-slash and encoding rules, so no second path matcher
// can disagree with its router (semantics.md §7a). Shared by `corsByRoute` in both adapters.

/** How a framework spells its route keys, for the messages of a bad key. */
export interface RouteKeyNaming {
  /** What a key is, e.g. `SvelteKit route id`. */
  readonly noun: string
  /** `a` or `an`, before `noun`. */
  readonly article: 'a' | 'an'
  /** Where the app can read a key, e.g. `event.route.id`. */
  readonly spelledBy: string
}

// A route key: `/`, or `/`-separated non-empty segments without a trailing slash.
const ROUTE_KEY = /^\/(?:[^/\s]+(?:\/[^/\s]+)*)?$/

function checkKey(key: string, naming: RouteKeyNaming): void {
  if (key.includes('*')) {
    const prefix = key.slice(0, key.indexOf('*')).replace(/\/+$/, '') || '/'
    throw new TypeError(
      `crossway: corsByRoute key "${key}" is a glob; keys are ${naming.noun}s, each covering the routes below it: write "${prefix}".`,
    )
  }
  if (!ROUTE_KEY.test(key)) {
    throw new TypeError(
      `crossway: corsByRoute key "${key}" is not ${naming.article} ${naming.noun}; write it as ${naming.spelledBy} spells it, e.g. "/api" or "/api/items/[id]" (a leading "/", no trailing "/").`,
    )
  }
}

interface Entry<T> {
  readonly key: string
  readonly depth: number
  readonly value: T | undefined
}

const covers = (key: string, route: string): boolean =>
  key === '/' || route === key || route.startsWith(`${key}/`)

/**
 * Builds the lookup behind `corsByRoute`: each key covers its route and every route below it,
 * the most specific key governs whatever the order of the keys, and `false` carves routes out
 * of a broader key (the lookup gives `undefined` for them, as for a route no key covers). Keys
 * are checked, and `build` runs once per key that is not `false`, here, at start-up: a bad key
 * throws a `TypeError` that says how to spell it, a bad policy whatever `build` throws.
 *
 * @example
 * const choose = chooseByRoute(routes, (policy, id) => createHandle(policy), naming)
 * const handle = choose(event.route.id)
 */
export function chooseByRoute<Options, T>(
  routes: Readonly<Record<string, Options | false>>,
  build: (options: Options, key: string) => T,
  naming: RouteKeyNaming,
): (route: string) => T | undefined {
  const entries: Entry<T>[] = Object.entries(routes).map(([key, options]) => {
    checkKey(key, naming)
    const value = options === false ? undefined : build(options, key)
    return { key, depth: key === '/' ? 0 : key.split('/').length, value }
  })
  entries.sort((a, b) => b.depth - a.depth)
  // Route keys come from the app's routes, never from the request: this map is as small as the app.
  const chosen = new Map<string, T | undefined>()
  return function choose(route) {
    if (chosen.has(route)) return chosen.get(route)
    const value = entries.find((entry) => covers(entry.key, route))?.value
    chosen.set(route, value)
    return value
  }
}
