import type { NextCorsOptions } from '@crossway/next'
// A relative import, not a workspace dependency: the shared module has no build step, and
// Next compiles it like any other file of the monorepo (its root is the workspace root).
import { createApiPolicy } from '../../shared/index.js'
import { policyFromEnvironment } from './env-policy'

/** The policy of the conformance suite's routes (/api/resource, /api/vary…) when nobody passes one. */
const appPolicy: NextCorsOptions = {
  origin: ['https://app.example.com', 'http://localhost:3000'],
  credentials: true,
  exposedHeaders: ['x-request-id'],
  maxAge: 600,
}

// Read once: a policy passed in the environment governs both sets of routes, so the
// conformance suite and the browser tests each see one policy, whichever route they call.
const fromEnvironment = policyFromEnvironment()

/**
 * The routes every Crossway example serves (/api/hello, /api/items, /api/cookie, /api/whoami):
 * the shared policy, for the playground page on `http://localhost:<PAGE_PORT>`.
 */
export const sharedApiPolicy: NextCorsOptions = fromEnvironment ?? createApiPolicy()

/** Every other path under /api: the conformance suite's standard routes, /api/error, unknown paths. */
export const standardRoutesPolicy: NextCorsOptions = fromEnvironment ?? appPolicy
