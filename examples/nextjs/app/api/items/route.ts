import { parseForm, readSessionCookie, recordHandled } from '../../../../shared/index.js'

/** The JSON body, or `null` when there is none (a malformed one throws: Next answers 500). */
async function body(request: Request): Promise<unknown> {
  const text = await request.text()
  return text ? JSON.parse(text) : null
}

// State-changing, and what a forged <form method="POST"> would aim at: `csrf` (proxy.ts, the
// shared policy) refuses it from another site unless the origin is in the policy.
// recordHandled is the tests' proof; it is shared with proxy.ts's counter through globalThis.
export async function POST(request: Request): Promise<Response> {
  recordHandled('POST', request.url)
  return Response.json({
    created: parseForm(await request.text()),
    session: readSessionCookie(request.headers.get('cookie')),
    framework: 'nextjs',
  })
}

export async function PUT(request: Request): Promise<Response> {
  return Response.json({ saved: await body(request), framework: 'nextjs' })
}

// The shared policy does not list PATCH: the route exists, the browser still refuses to call it.
export async function PATCH(request: Request): Promise<Response> {
  return Response.json({ patched: await body(request), framework: 'nextjs' })
}

export function DELETE(): Response {
  return Response.json({ deleted: true, framework: 'nextjs' })
}
