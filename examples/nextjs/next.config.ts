import { withCorsCheck } from '@crossway/next/config'
import type { NextConfig } from 'next'
import { publicPolicy } from '../shared/index.js'
import { sharedApiPolicy, standardRoutesPolicy } from './lib/cors-policy'

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Compression belongs to the CDN or reverse proxy in front of `next start`; Next's own would
  // also append `Vary: Accept-Encoding` to every response.
  compress: false,
  // Not a fix, a probe: Next 16 replaces the `Vary` of App Router pages with its own after
  // both this and proxy.ts have set theirs, so `Vary: Origin` never reaches the client on
  // /embed. The tests of @crossway/next check exactly that (and that `x-vary-probe` does
  // arrive), so a Next upgrade that starts keeping it is noticed.
  async headers() {
    return [
      {
        source: '/embed/:path*',
        headers: [
          { key: 'Vary', value: 'Origin' },
          { key: 'x-vary-probe', value: 'next.config' },
        ],
      },
    ]
  },
}

// Next evaluates proxy.ts only on the first request it matches, and `next build` never does: the
// policies it uses are checked here, when `next build`, `next start` and `next dev` load this
// file, so a bad one stops them with its CorsConfigError instead of 500ing every request. The
// policies come from the same modules proxy.ts and the route handlers import.
export default withCorsCheck(nextConfig, sharedApiPolicy, standardRoutesPolicy, publicPolicy)
