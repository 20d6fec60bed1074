import { parseForm, readSessionCookie, recordHandled } from '@crossway/example-shared'
import type { RequestHandler } from '@sveltejs/kit'

// State-changing, and what a forged <form method="POST"> would aim at: the api policy's `csrf`
// refuses it from another site unless the origin is in the policy (recordHandled: the tests' proof).
export const POST: RequestHandler = async ({ request, url }) => {
  recordHandled('POST', url.pathname + url.search)
  const created = parseForm(await request.text())
  const session = readSessionCookie(request.headers.get('cookie'))
  return Response.json({ created, session, framework: 'sveltekit' })
}

export const PUT: RequestHandler = async ({ request }) =>
  Response.json({ saved: await request.json(), framework: 'sveltekit' })

// The policy does not list PATCH: the route exists, the browser still refuses to call it.
export const PATCH: RequestHandler = async ({ request }) =>
  Response.json({ patched: await request.json(), framework: 'sveltekit' })

export const DELETE: RequestHandler = () => Response.json({ deleted: true, framework: 'sveltekit' })
