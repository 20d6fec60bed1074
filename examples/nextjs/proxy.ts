// Next.js 16 runs proxy.ts (formerly middleware.ts) before routing, on the Node.js runtime:
// `cors` answers preflights here and adds the CORS headers to every response under the matcher.
import { cors } from '@crossway/next'
import { corsPolicy } from './lib/cors-policy'

export const proxy = cors(corsPolicy)

export const config = {
  // All of /api except /api/public/*, whose route handlers carry their own policy (withCors).
  matcher: ['/api', '/api/((?!public/).*)'],
}
