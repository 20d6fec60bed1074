import { newSessionCookie } from '@crossway/example-shared'

export const GET = () => {
  const cookie = newSessionCookie()
  return Response.json(
    { set: cookie.value, framework: 'sveltekit' },
    { headers: { 'set-cookie': cookie.header } },
  )
}
