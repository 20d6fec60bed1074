// A dynamic page (rendered per request) under proxy.ts's matcher: like the static one, it keeps
// the CORS headers and loses `Vary: Origin` to Next's own `Vary`.
export const dynamic = 'force-dynamic'

export default async function EmbedItem({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return <p>embed {id}</p>
}
