// Kit's own 500 answers (handleError logs it); the api policy's headers are on it, so the
// browser can read the error.
export const GET = (): never => {
  throw new Error('boom')
}
