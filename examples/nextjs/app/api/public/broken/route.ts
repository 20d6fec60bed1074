import { withCors } from '@crossway/next'
import { publicPolicy } from '../../../../../shared/index.js'

function broken(): Response {
  throw new Error('broken on purpose')
}

// A route handler that throws under withCors: Next would answer an empty 500 with no CORS
// headers; withCors answers that 500 itself, with them, and logs the error as Next would.
export const { GET, OPTIONS } = withCors({ GET: broken }, publicPolicy)
