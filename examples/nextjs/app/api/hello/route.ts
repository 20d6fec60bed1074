// HEAD /api/hello is served from GET by Next itself.
export function GET(): Response {
  return Response.json({ message: 'hello', framework: 'nextjs' })
}
