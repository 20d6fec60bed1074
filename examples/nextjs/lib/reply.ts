// Every route of this app answers through `reply` so the conformance suite can tell which
// handler ran (`x-handler`) and whether a response came from the route or from the proxy.
export function reply(
  id: string,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, { status, headers: { 'x-handler': id, ...headers } })
}
