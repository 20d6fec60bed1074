import { readSessionCookie } from '../../../../shared/index.js'

export function GET(request: Request): Response {
  return Response.json({ cookie: readSessionCookie(request.headers.get('cookie')), framework: 'nextjs' })
}
