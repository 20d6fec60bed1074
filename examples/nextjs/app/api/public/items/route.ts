import { withCors } from '@crossway/next'

const items = [
  { id: 1, name: 'kettle' },
  { id: 2, name: 'teapot' },
]

function list(): Response {
  return Response.json(items, { headers: { 'x-total-count': String(items.length) } })
}

// A public, read-only endpoint with its own policy: any origin, no credentials. proxy.ts's
// matcher leaves /api/public/* out, so exactly one policy answers here.
export const { GET, OPTIONS } = withCors(
  { GET: list },
  { origin: '*', exposedHeaders: ['x-total-count'], maxAge: 600 },
)
