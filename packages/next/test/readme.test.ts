import { AsyncLocalStorage } from 'node:async_hooks'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

// The matcher the README gives for keeping /api/public/* (withCors route handlers) away from
// the middleware. Judged by Next's own matcher (its public testing helper), not a regex of ours.
const MATCHER = ['/api', '/api/((?!public(?:/|$)).*)']

describe('the README matcher that leaves /api/public to its route handlers', () => {
  let matches: (url: string) => boolean
  beforeAll(async () => {
    // Next's server installs this global before loading its modules; the testing helper needs it.
    ;(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage
    const { unstable_doesMiddlewareMatch } = await import('next/experimental/testing/server')
    matches = (url) => unstable_doesMiddlewareMatch({ config: { matcher: MATCHER }, url })
  })

  it('is the one the README shows', () => {
    expect(README).toContain(`matcher: ['/api', '/api/((?!public(?:/|$)).*)']`)
  })

  it('excludes /api/public itself and everything under it', () => {
    for (const url of ['/api/public', '/api/public/', '/api/public/items', '/api/public/a/b'])
      expect(matches(url), url).toBe(false)
  })

  it('keeps every other /api path, look-alikes included', () => {
    for (const url of ['/api', '/api/', '/api/items', '/api/publicity', '/api/public-items', '/api/a/public'])
      expect(matches(url), url).toBe(true)
  })
})
