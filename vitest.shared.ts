import { defineProject } from 'vitest/config'

// Tests run on sources: the `@crossway/source` export condition points each
// workspace package at its src/ instead of a build.
const conditions = ['@crossway/source', 'import', 'module', 'node', 'default']

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
