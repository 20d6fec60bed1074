import { describe, expect, it } from 'vitest'
import { chooseByRoute, type RouteKeyNaming } from '../src/web'

const naming: RouteKeyNaming = { noun: 'Test route key', article: 'a', spelledBy: 'route.key' }

describe('chooseByRoute', () => {
  it('lets the most specific key govern, whatever the order of the keys', () => {
    const choose = chooseByRoute(
      { '/': 'root', '/api/internal': false, '/api': 'api', '/api/items/[id]': 'item' },
      (value: string, key) => `${value}@${key}`,
      naming,
    )
    expect(choose('/')).toBe('root@/')
    expect(choose('/about')).toBe('root@/')
    expect(choose('/api')).toBe('api@/api')
    expect(choose('/api/items')).toBe('api@/api')
    expect(choose('/api/items/[id]')).toBe('item@/api/items/[id]')
    expect(choose('/api/items/[id]/tags')).toBe('item@/api/items/[id]')
    // `false` carves a subtree out of a broader key.
    expect(choose('/api/internal')).toBeUndefined()
    expect(choose('/api/internal/x')).toBeUndefined()
    // A key covers whole segments only.
    expect(choose('/apiary')).toBe('root@/')
  })

  it('gives undefined where no key covers the route, and builds each value once, at start-up', () => {
    const built: string[] = []
    const choose = chooseByRoute(
      { '/api': 1, '/admin': false },
      (value: number, key) => {
        built.push(key)
        return { value }
      },
      naming,
    )
    expect(built).toEqual(['/api'])
    expect(choose('/other')).toBeUndefined()
    expect(choose('/api/x')).toBe(choose('/api/y'))
    expect(built).toEqual(['/api'])
  })

  it.each([
    ['/api/*', 'is a glob; keys are Test route keys', 'write "/api"'],
    ['/*', 'is a glob', 'write "/"'],
    ['api', 'is not a Test route key', 'write it as route.key spells it'],
    ['/api/', 'is not a Test route key', 'no trailing "/"'],
    ['/api//x', 'is not a Test route key', 'a leading "/"'],
    ['', 'is not a Test route key', 'e.g. "/api"'],
  ])('refuses the key %j at start-up, saying how to write it', (key, what, advice) => {
    const build = () => chooseByRoute({ [key]: 1 }, (v: number) => v, naming)
    expect(build).toThrow(TypeError)
    expect(build).toThrow(what)
    expect(build).toThrow(advice)
  })
})
