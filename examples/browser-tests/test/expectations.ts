// What each engine does where engines differ, as measured on this machine's Debian builds
// (Chromium 156, Firefox ESR 153, WebKitGTK 2.50) in their default settings. The cases in
// engine-differences assert these values, so a browser update that changes one fails loudly
// and this table (and docs/cors-across-browsers.md) gets updated with it.
import type { EngineName } from './engines/engine'

export interface EngineExpectations {
  /**
   * Whether a cached preflight to the examples (another site) is reused reliably enough to
   * assert; otherwise why not. Firefox was seen re-sending the preflight for the first
   * cross-site preflighted URL of a fresh context (3 identical requests, 3 OPTIONS; the next
   * URLs were reused), and in the playground for a URL that was not the first.
   */
  preflightReuse: true | { unreliable: string }
  /** `Access-Control-Allow-Headers: *` answered to a preflight announcing `authorization`. */
  wildcardCoversAuthorization: boolean
  /** localhost → 127.0.0.1 with credentials: the `SameSite=None; Secure` cookie comes back. */
  crossSiteCookieSentBack: boolean
  /** A `SameSite=None; Secure` cookie set by http://localhost:B for http://localhost:A. */
  secureCookieOverHttpLocalhost: boolean
  /**
   * Preflight OPTIONS counted after a max-age 86400 preflight is repeated 590 s and 610 s later
   * (opt-in case): `[0, 1]` is a cap between 590 and 610 s, `[0, 0]` a cap above 610 s.
   */
  maxAgeCapRepeats: [number, number]
  /** What the engine's cap on Access-Control-Max-Age is, in its own source (for the docs). */
  maxAgeCapClaim: string
}

export const EXPECTED: Record<EngineName, EngineExpectations> = {
  chromium: {
    preflightReuse: true,
    // The Fetch standard says `*` never covers Authorization; Chromium 156 only warns.
    wildcardCoversAuthorization: true,
    // A fresh Chromium context blocks third-party cookies.
    crossSiteCookieSentBack: false,
    // http://localhost is a secure context for cookies in Chromium.
    secureCookieOverHttpLocalhost: true,
    maxAgeCapRepeats: [0, 0],
    maxAgeCapClaim: '7200 s (kMaxTimeout in services/network/cors/preflight_result.cc)',
  },
  firefox: {
    preflightReuse: {
      unreliable:
        "Firefox's preflight cache is unreliable in a fresh context: it re-sent preflights a max-age 600 answer covered",
    },
    wildcardCoversAuthorization: true,
    // Total Cookie Protection: the third-party cookie is stored, partitioned under the page's
    // site, and sent back to the same API from the same page.
    crossSiteCookieSentBack: true,
    secureCookieOverHttpLocalhost: true,
    maxAgeCapRepeats: [0, 0],
    maxAgeCapClaim: '86400 s (nsCORSListenerProxy.cpp)',
  },
  webkit: {
    preflightReuse: true,
    wildcardCoversAuthorization: true,
    // Third-party cookies are blocked by default (and `Secure` is refused over http anyway).
    crossSiteCookieSentBack: false,
    // WebKit accepts a `Secure` cookie only over https.
    secureCookieOverHttpLocalhost: false,
    maxAgeCapRepeats: [0, 1],
    maxAgeCapClaim: '600 s (CrossOriginPreflightResultCache.cpp)',
  },
}
