import { newSessionCookie } from '@crossway/example-shared'
import type { APIRoute } from 'astro'
import { json } from './_json'

export const GET: APIRoute = () => {
  const cookie = newSessionCookie()
  return json({ set: cookie.value }, { headers: { 'set-cookie': cookie.header } })
}
