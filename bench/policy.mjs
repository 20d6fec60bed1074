// The one policy every variant is configured with: 3 exact origins, credentials, maxAge 600.
// `methods` is explicit because @fastify/cors defaults to GET,HEAD,POST while the others
// default to six methods: the preflight cell asks for PUT, and every variant must send the
// same ACAM for it.

export const ORIGINS = ['https://app.example.com', 'https://admin.example.com', 'https://docs.example.com']
export const METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']
export const MAX_AGE = 600
export const BODY = 'ok'
