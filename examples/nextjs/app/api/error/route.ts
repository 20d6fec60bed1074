export function GET(): Response {
  // Next.js answers a thrown error with its own 500; the proxy already set the CORS headers.
  throw new Error('boom')
}
