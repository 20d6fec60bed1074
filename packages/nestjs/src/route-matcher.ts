import { pathToRegexp } from 'path-to-regexp'

/** How the platform's router compares paths (`HttpServer.getRouteMatchingOptions()`). */
export interface PathMatchingOptions {
  readonly caseSensitive: boolean
  readonly ignoreTrailingSlash: boolean
}

/** Tests a request path (no query string) against one registered route path. */
export type PathMatcher = (pathname: string) => boolean

/**
 * Compiles a route path as registered by Nest (path-to-regexp 8 syntax, the one Express 5
 * routes with and Nest's Fastify adapter matches middleware with) into a matcher that
 * follows the router's case and trailing-slash rules.
 */
export function compilePath(path: string, options: PathMatchingOptions): PathMatcher {
  // Express drops a route's own trailing slash unless routing is strict.
  const source = options.ignoreTrailingSlash && path.length > 1 ? path.replace(/\/+$/, '') || '/' : path
  const regexp = toRegExp(source, options)
  if (regexp) return (pathname) => regexp.test(pathname)
  // A path path-to-regexp cannot read was still accepted by the router (Fastify takes
  // find-my-way syntax): matching it literally is the best guess that never over-reaches.
  return options.caseSensitive
    ? (pathname) => pathname === source
    : (pathname) => pathname.toLowerCase() === source.toLowerCase()
}

function toRegExp(path: string, options: PathMatchingOptions): RegExp | undefined {
  const settings = { sensitive: options.caseSensitive, end: true, trailing: options.ignoreTrailingSlash }
  for (const candidate of [path, path.replace(/\*(?![\w$])/g, '*path')]) {
    try {
      return pathToRegexp(candidate, settings).regexp
    } catch {
      // fall through to the next spelling
    }
  }
  return undefined
}

// Lower is more specific: the order routers that pick the most specific route (Fastify's
// find-my-way) try a path segment in: literal text, then text mixed with parameters, then a
// single parameter, then a wildcard.
const LITERAL = 0
const MIXED = 1
const PARAM = 2
const WILDCARD = 3

function rankSegments(path: string): number[] {
  const ranks: number[] = []
  for (const segment of path.split('/')) {
    if (segment === '') continue
    if (segment.includes('*')) ranks.push(WILDCARD)
    else if (/^:[$_\p{ID_Start}][$\p{ID_Continue}]*$/u.test(segment)) ranks.push(PARAM)
    else if (segment.includes(':') || segment.includes('{')) ranks.push(MIXED)
    else ranks.push(LITERAL)
  }
  return ranks
}

/**
 * Orders items by the specificity of their path, segment by segment, keeping declaration
 * order between equals: the order in which a router that prefers static segments over
 * parameters and parameters over wildcards would pick them.
 */
export function sortBySpecificity<T extends { readonly path: string }>(items: readonly T[]): T[] {
  const ranked = items.map((item, index) => ({ item, index, ranks: rankSegments(item.path) }))
  ranked.sort((a, b) => {
    const length = Math.min(a.ranks.length, b.ranks.length)
    for (let i = 0; i < length; i++) {
      const delta = a.ranks[i]! - b.ranks[i]!
      if (delta !== 0) return delta
    }
    return a.index - b.index
  })
  return ranked.map((entry) => entry.item)
}
