import { withCors } from '@crossway/next'
import { publicPolicy } from '../../../../../shared/index.js'

function hello(): Response {
  return Response.json({ message: 'hello, anyone', framework: 'nextjs' })
}

// The shared public policy (`origin: '*'`, no credentials) on the handlers themselves: proxy.ts
// lets /api/public/* through without a policy of its own.
export const { GET, OPTIONS } = withCors({ GET: hello }, publicPolicy)
