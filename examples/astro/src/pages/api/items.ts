import { parseForm, readSessionCookie, recordHandled } from '@crossway/example-shared'
import type { APIRoute } from 'astro'
import { json } from './_json'

// State-changing, and what a forged <form method="POST"> would aim at: `csrf` refuses it from
// another site unless the origin is in the policy (recordHandled: the tests' proof).
export const POST: APIRoute = async ({ request, url }) => {
  recordHandled('POST', url.pathname + url.search)
  const created = parseForm(await request.text())
  return json({ created, session: readSessionCookie(request.headers.get('cookie')) })
}

export const PUT: APIRoute = async ({ request }) => json({ saved: await request.json() })

// The policy does not list PATCH: the route exists, the browser still refuses to call it.
export const PATCH: APIRoute = async ({ request }) => json({ patched: await request.json() })

export const DELETE: APIRoute = () => json({ deleted: true })
