import { withCors } from '@crossway/next'
import { redirect } from 'next/navigation'
import { publicPolicy } from '../../../../../shared/index.js'

function moved(): Response {
  redirect('/api/public/items')
}

// `redirect()` throws a signal, not an error: withCors hands it back to Next, which answers 307.
export const { GET, OPTIONS } = withCors({ GET: moved }, publicPolicy)
