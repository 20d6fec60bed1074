import { readSessionCookie } from '@crossway/example-shared'
import type { RequestHandler } from '@sveltejs/kit'

export const GET: RequestHandler = ({ request }) =>
  Response.json({ cookie: readSessionCookie(request.headers.get('cookie')), framework: 'sveltekit' })
