// The published packages, checked as files: each adapter re-exports the core's user-facing
// types and error helpers (so `import type { CorsOptions } from '@crossway/koa'` never drifts
// from the core), and what `pnpm publish` writes has no export condition pointing at `src/`,
// which is not in the tarball.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const packagesDir = fileURLToPath(new URL('../..', import.meta.url))
const ADAPTERS = [
  'fastify',
  'koa',
  'express',
  'nestjs',
  'next',
  'hono',
  'h3',
  'sveltekit',
  'astro',
  'lambda',
] as const
// Core modules whose exported types are what users write: options, errors, rejections.
const USER_MODULES = ['./options', './errors', './rejection']
const SOURCE_CONDITION = '@crossway/source'

const source = (pkg: string) => readFileSync(join(packagesDir, pkg, 'src/index.ts'), 'utf8')

/** The names in every `export type { … } from '<module>'` block of `text`, for the given modules. */
function exportedTypes(text: string, modules: readonly string[]): string[] {
  const names: string[] = []
  for (const match of text.matchAll(/export type \{([^}]*)\} from '([^']+)'/g)) {
    if (!modules.includes(match[2]!)) continue
    for (const name of match[1]!.split(',')) if (name.trim() !== '') names.push(name.trim())
  }
  return names.sort()
}

describe('every adapter re-exports the core’s user-facing types', () => {
  const userTypes = exportedTypes(source('core'), USER_MODULES)

  it('finds them in the core (the parser still reads its barrel)', () => {
    expect(userTypes).toContain('CorsOptions')
    expect(userTypes).toContain('CorsRejection')
    expect(userTypes.length).toBeGreaterThanOrEqual(10)
  })

  it.each(ADAPTERS)('%s', (adapter) => {
    const text = source(adapter)
    expect(exportedTypes(text, ['@crossway/core'])).toEqual(userTypes)
    expect(text).toContain("export { CorsConfigError, isCorsConfigError } from '@crossway/core'")
  })
})

type Manifest = {
  private?: boolean
  name: string
  files?: string[]
  exports?: unknown
  publishConfig?: { exports?: unknown }
}

function withoutSourceCondition(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, inner]) => [key, withoutSourceCondition(inner)]),
  )
}

function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value !== 'object' || value === null) return []
  return Object.values(value).flatMap(targets)
}

const published = readdirSync(packagesDir)
  .map((dir) => JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as Manifest)
  .filter((manifest) => !manifest.private)

describe('published exports maps', () => {
  it('covers every public package', () => {
    expect(published.map((m) => m.name)).toEqual(
      expect.arrayContaining(ADAPTERS.map((a) => `@crossway/${a}`)),
    )
  })

  it.each(published.map((m) => [m.name, m] as const))(
    '%s publishes its exports without the source condition, all inside dist',
    (_, manifest) => {
      expect(manifest.publishConfig?.exports).toEqual(withoutSourceCondition(manifest.exports))
      expect(JSON.stringify(manifest.publishConfig?.exports)).not.toContain(SOURCE_CONDITION)
      expect(manifest.files).toEqual(['dist'])
      for (const target of targets(manifest.publishConfig?.exports)) {
        if (target !== './package.json') expect(target).toMatch(/^\.\/dist\//)
      }
    },
  )
})
