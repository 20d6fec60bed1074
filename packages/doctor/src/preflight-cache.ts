// The CORS-preflight cache (https://fetch.spec.whatwg.org/#cors-preflight-cache): what a
// browser remembers from a successful preflight, so that `probe` can be called several times
// in a row the way a page makes several requests. A fresh `probe` without a cache is the
// first request of a fresh profile, which is what the CLI models.

import { MAX_AGE_CAPS } from './fetch-rules'

interface Entry {
  key: string
  url: string
  credentials: boolean
  /** Either `method` (a method) or `header` (a lower-case header name), per Fetch's entry. */
  method?: string
  header?: string
  expires: number
}

/** Which engine's max-age ceiling the cache applies. */
export type CacheEngine = keyof typeof MAX_AGE_CAPS

/** A CORS-preflight cache shared by several `probe` calls. */
export class CorsPreflightCache {
  readonly #entries: Entry[] = []
  readonly #cap: number
  readonly #now: () => number

  /** @param engine whose max-age cap to apply (default `'chromium'`, 7200 s). */
  constructor(options: { engine?: CacheEngine; now?: () => number } = {}) {
    this.#cap = MAX_AGE_CAPS[options.engine ?? 'chromium']
    this.#now = options.now ?? Date.now
  }

  // "Clear cache entries" and the matching steps all key on the request's origin (serialised),
  // its current URL, and its credentials mode; the network partition key is the page's site,
  // which a single origin already fixes here.
  #live(origin: string, url: string, credentials: boolean): Entry[] {
    const now = this.#now()
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      if ((this.#entries[i] as Entry).expires <= now) this.#entries.splice(i, 1)
    }
    return this.#entries.filter((e) => e.key === origin && e.url === url && e.credentials === credentials)
  }

  /** "Method cache entry match": byte-for-byte, or `*` when credentials are not included. */
  hasMethod(origin: string, url: string, credentials: boolean, method: string): boolean {
    return this.#live(origin, url, credentials).some(
      (e) => e.method === method || (e.method === '*' && !credentials),
    )
  }

  /** "Header-name cache entry match": case-insensitive, `*` only without credentials and never for `authorization`. */
  hasHeader(origin: string, url: string, credentials: boolean, name: string): boolean {
    const lower = name.toLowerCase()
    return this.#live(origin, url, credentials).some(
      (e) => e.header === lower || (e.header === '*' && !credentials && lower !== 'authorization'),
    )
  }

  /** CORS-preflight fetch, steps 7.8–7.10: store (or refresh) an entry per method and header name. */
  store(
    origin: string,
    url: string,
    credentials: boolean,
    maxAgeSeconds: number,
    methods: readonly string[],
    headers: readonly string[],
  ): void {
    const expires = this.#now() + Math.min(maxAgeSeconds, this.#cap) * 1000
    const live = this.#live(origin, url, credentials)
    const put = (entry: Omit<Entry, 'key' | 'url' | 'credentials' | 'expires'>) => {
      const found = live.find((e) =>
        entry.method !== undefined ? e.method === entry.method : e.header === entry.header,
      )
      if (found) found.expires = expires
      else this.#entries.push({ key: origin, url, credentials, expires, ...entry })
    }
    for (const method of methods) put({ method })
    for (const header of headers) put({ header: header.toLowerCase() })
  }

  /** Forgets every entry for this origin and URL (Fetch's "clear cache entries", after a failed check). */
  clear(origin: string, url: string): void {
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const e = this.#entries[i] as Entry
      if (e.key === origin && e.url === url) this.#entries.splice(i, 1)
    }
  }
}
