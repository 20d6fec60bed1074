import { withCors } from '@crossway/next'
import { notFound } from 'next/navigation'
import { publicPolicy } from '../../../../../shared/index.js'

function gone(): Response {
  notFound()
}

// `notFound()` throws a signal, not an error: withCors hands it back to Next, which answers 404.
export const { GET, OPTIONS } = withCors({ GET: gone }, publicPolicy)
