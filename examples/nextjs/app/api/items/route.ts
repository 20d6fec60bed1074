/** The JSON body, or `null` when there is none (a malformed one throws: Next answers 500). */
async function body(request: Request): Promise<unknown> {
  const text = await request.text()
  return text ? JSON.parse(text) : null
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
