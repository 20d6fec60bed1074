import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Compression belongs to the CDN or reverse proxy in front of `next start`; Next's own would
  // also append `Vary: Accept-Encoding` to every response.
  compress: false,
}

export default nextConfig
