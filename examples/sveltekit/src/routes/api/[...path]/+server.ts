// Any other path under /api: a JSON 404 of the app's own, under the api policy (its route id,
// /api/[...path], is below /api), so browser code can read it.
import type { RequestHandler } from '@sveltejs/kit'

export const fallback: RequestHandler = () =>
  Response.json({ error: 'not found', framework: 'sveltekit' }, { status: 404 })
