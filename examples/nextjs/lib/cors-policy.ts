import type { NextCorsOptions } from '@crossway/next'
import { policyFromTestEnvironment } from './conformance-hooks'

/** The policy proxy.ts applies to /api: the browser apps allowed to call it, with cookies. */
const appPolicy: NextCorsOptions = {
  origin: ['https://app.example.com', 'http://localhost:3000'],
  credentials: true,
  exposedHeaders: ['x-request-id'],
  maxAge: 600,
}

export const corsPolicy: NextCorsOptions = policyFromTestEnvironment() ?? appPolicy
