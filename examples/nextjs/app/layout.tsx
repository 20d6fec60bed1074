import type { ReactNode } from 'react'

// The root layout every App Router page needs. The app is an API; its only pages are the
// /embed ones, which show how Next treats the `Vary` a proxy sets on a page (see proxy.ts).
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
