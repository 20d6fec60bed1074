// Nest internals, all in this file: how `ExpressAdapter.applyVersionFilter` decides whether
// a handler serves a request under header, media-type or custom versioning (the handler
// calls `next()` otherwise, and Express tries the next route). Express's own router cannot
// be asked about it: the check lives inside the handler Nest registers. Mirrored from
// @nestjs/platform-express 12.5 (its `getMediaTypeVersion` reads every media range, quoted
// values included) and checked against 11.2, which reads the first parameter only and so
// agrees on the `Accept: application/json;v=2` form Nest documents. Fastify needs none of
// this: its router has already chosen the route, version constraint included.
import { VERSION_NEUTRAL, type VersioningOptions, VersioningType } from '@nestjs/common'

/** A handler's version as Nest stores it (`@Version`, `@Controller({ version })`, default). */
export type RouteVersion = string | symbol | readonly (string | symbol)[]

/** Whether the handler's version filter lets a request through to it. */
export type VersionFilter = (request: VersionedRequest) => boolean

/** The parts of a request a version filter reads. */
export interface VersionedRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
}

/**
 * Builds the check of one handler's version, or returns `undefined` when the handler serves
 * every request whatever its version (URI versioning and `VERSION_NEUTRAL` alone).
 */
export function createVersionFilter(
  version: RouteVersion,
  options: VersioningOptions,
): VersionFilter | undefined {
  const versions = typeof version === 'string' || typeof version === 'symbol' ? [version] : version
  // Without a version in the request, only a list holding VERSION_NEUTRAL serves it.
  const servesUnversioned = Array.isArray(version) && version.includes(VERSION_NEUTRAL)
  switch (options.type) {
    case VersioningType.HEADER: {
      const name = options.header.toLowerCase()
      return (request) => {
        const value = request.headers[name]
        // Nest reads the header with `||`: an empty one counts as no version.
        if (!value) return servesUnversioned
        return typeof value === 'string' && versions.includes(value)
      }
    }
    case VersioningType.MEDIA_TYPE: {
      const key = options.key
      return (request) => {
        const found = mediaTypeVersion(request.headers.accept, key)
        return found === undefined ? servesUnversioned : versions.includes(found)
      }
    }
    case VersioningType.CUSTOM: {
      const extractor = options.extractor as (request: unknown) => string | readonly string[]
      return (request) => {
        let extracted: string | readonly string[]
        try {
          extracted = extractor(request)
        } catch {
          // The handler throws the same error: no handler serves the request.
          return false
        }
        if (typeof extracted === 'string') return versions.includes(extracted)
        return Array.isArray(extracted) && versions.some((v) => extracted.includes(v as string))
      }
    }
    default:
      return undefined
  }
}

// The version in an `Accept` header: the first parameter, of any media range, that starts
// with `key` (`application/json;v=2`), its quotes removed.
function mediaTypeVersion(accept: string | string[] | undefined, key: string): string | undefined {
  if (accept === undefined) return undefined
  for (const value of typeof accept === 'string' ? [accept] : accept) {
    for (const range of splitOutsideQuotes(value, ',')) {
      const parameters = splitOutsideQuotes(range, ';')
      for (let i = 1; i < parameters.length; i++) {
        const parameter = parameters[i]!.trim()
        if (!parameter.startsWith(key)) continue
        const found = parameter.slice(key.length)
        if (found.length > 1 && found.startsWith('"') && found.endsWith('"')) {
          return found.slice(1, -1).replace(/\\([\s\S])/g, '$1')
        }
        return found
      }
    }
  }
  return undefined
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = []
  let start = 0
  let quoted = false
  for (let i = 0; i < value.length; i++) {
    const c = value[i]
    if (quoted && c === '\\') i++
    else if (c === '"') quoted = !quoted
    else if (c === separator && !quoted) {
      parts.push(value.slice(start, i))
      start = i + 1
    }
  }
  parts.push(value.slice(start))
  return parts
}
