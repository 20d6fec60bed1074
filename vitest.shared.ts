import { defineProject } from 'vitest/config'

// Tests run on sources: the `@crossway/source` export condition points each
// workspace package at its src/ instead of a build. Only the source condition is added to
// Vite's defaults: vitest also hands these to Node as `--conditions`, and an `import`
// condition there makes `require()` in CommonJS dependencies load ESM builds (Express 5's
// router then receives a module object instead of a function).
const conditions = ['@crossway/source', 'node', 'development|production']

export function crosswayProject(name: string, extra: { testTimeout?: number; include?: string[] } = {}) {
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@crossway/source'] } },
    test: {
      name,
      include: extra.include ?? ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: extra.testTimeout ?? 20_000,
      typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    },
  })
}
