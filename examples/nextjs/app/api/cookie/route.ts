import { newSessionCookie } from '../../../../shared/index.js'

export function GET(): Response {
  const cookie = newSessionCookie()
  return Response.json(
    { set: cookie.value, framework: 'nextjs' },
    { headers: { 'set-cookie': cookie.header } },
  )
}
