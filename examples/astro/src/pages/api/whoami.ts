import { readSessionCookie } from '@crossway/example-shared'
import type { APIRoute } from 'astro'
import { json } from './_json'

export const GET: APIRoute = ({ request }) =>
  json({ cookie: readSessionCookie(request.headers.get('cookie')) })
