import type { APIRoute } from 'astro'

// cors() answers the browser's request with a 500 that keeps the CORS headers.
export const GET: APIRoute = () => {
  throw new Error('boom')
}
