import type { CorsOptions } from '@crossway/core'
import type { PolicySource } from '../case'

/**
 * The policies the cases share. Cases group by policy identity, and each group is one
 * server, so reusing these keeps the number of servers small. Policies holding functions
 * are factories: every server gets its own.
 */

export const APP = 'https://app.example.com'
export const LOCAL = 'http://localhost:3000'
export const EVIL = 'https://evil.example'

/** Every option at its default: `origin: '*'`. */
export const ANY: CorsOptions = {}
export const ANY_EXPOSED: CorsOptions = { exposedHeaders: ['x-total', 'x-page'] }
export const ANY_EXPOSED_STAR: CorsOptions = { exposedHeaders: '*' }
export const ANY_PNA: CorsOptions = { privateNetwork: true }

export const LIST: CorsOptions = { origin: [APP, LOCAL] }
export const CREDENTIALS: CorsOptions = {
  origin: [APP],
  credentials: true,
  exposedHeaders: ['x-total', 'x-page'],
}

export const DEFAULT_PORTS: CorsOptions = {
  origin: ['https://a.com:443', 'http://b.com:80', 'https://c.com:8443'],
}
export const UPPER_CASE: CorsOptions = { origin: 'HTTPS://APP.Example.COM' }
export const NULL_ORIGIN: CorsOptions = { origin: 'null' }
export const IPV6: CorsOptions = { origin: ['http://[::1]:8080'] }
export const SUBDOMAINS: CorsOptions = { origin: 'https://*.example.com' }
export const ANY_PORT: CorsOptions = { origin: 'http://localhost:*' }
export const SUBDOMAINS_ANY_PORT: CorsOptions = { origin: 'https://*.example.com:*' }
export const REGEXP: CorsOptions = { origin: /^https:\/\/(?:a|b)\.example\.org$/ }
export const REGEXP_WITH_NULL: CorsOptions = { origin: /^(?:null|https:\/\/r\.example\.org)$/ }
/** §2: with credentials, a RegExp that matches `null` must still never grant it. */
export const REGEXP_WITH_NULL_CREDENTIALS: CorsOptions = {
  origin: /^(?:null|https:\/\/r\.example\.org)$/,
  credentials: true,
}
/** Long origins for the 1024-byte limit: any run of labels under `example.com`. */
export const REGEXP_LONG: CorsOptions = { origin: /^https:\/\/[a-z.]+\.example\.com$/ }
export const MIXED: CorsOptions = {
  origin: ['https://exact.example.net', /^https:\/\/[a-z]+\.regexp\.example$/, 'https://*.wild.example'],
}

/** Allows one origin, and only when the native request was passed along. */
export const FN_ONE: PolicySource = () => ({
  origin: function allowsFnExample(origin: string, request: unknown) {
    return origin === 'https://fn.example' && request !== undefined && request !== null
  },
})
/** Allows every origin it is asked about: proves which origins never reach it. */
export const FN_ALL: PolicySource = () => ({
  origin: function allowsEverything() {
    return true
  },
})
/** Approves every origin, with credentials: what users write when `origin: true` is refused (§2). */
export const FN_ALL_CREDENTIALS: PolicySource = () => ({
  origin: function allowsEverythingWithCredentials() {
    return true
  },
  credentials: true,
})
/** Returns a truthy non-`true` value: only `true` allows. */
export const FN_TRUTHY: PolicySource = () => ({
  origin: function returnsOne() {
    return 1 as unknown as boolean
  },
})
export const FN_ASYNC: PolicySource = () => ({
  origin: async function allowsAsyncExample(origin: string) {
    return origin === 'https://async.example'
  },
  credentials: true,
})
export const FN_THROWS: PolicySource = () => ({
  origin: function throwsOnCall(): boolean {
    throw new Error('origin lookup failed')
  },
})
export const FN_REJECTS: PolicySource = () => ({
  origin: async function rejectsOnCall(): Promise<boolean> {
    throw new Error('origin lookup failed')
  },
})

export const METHODS_PUT: CorsOptions = { origin: APP, methods: ['PUT'] }
export const METHODS_MIXED_CASE: CorsOptions = { origin: APP, methods: ['get', 'put', 'patch'] }
export const METHODS_STRING: CorsOptions = { methods: 'PUT, DELETE' }
export const METHODS_ANY: CorsOptions = { methods: '*' }
export const METHODS_ANY_CREDENTIALS: CorsOptions = { origin: APP, credentials: true, methods: '*' }

export const HEADERS_LIST: CorsOptions = { origin: APP, allowedHeaders: ['x-custom', 'content-type'] }
export const HEADERS_STRING: CorsOptions = { allowedHeaders: 'x-a, x-b' }
export const HEADERS_ANY_CREDENTIALS: CorsOptions = { origin: APP, credentials: true }

export const MAX_AGE: CorsOptions = { origin: APP, maxAge: 600 }
export const MAX_AGE_ZERO: CorsOptions = { maxAge: 0 }
export const STATUS_200: CorsOptions = { origin: APP, optionsSuccessStatus: 200 }
export const CONTINUE: CorsOptions = { origin: APP, preflightContinue: true }
export const PNA: CorsOptions = { origin: APP, privateNetwork: true }
export const DEBUG: CorsOptions = {
  origin: APP,
  credentials: true,
  methods: ['PUT'],
  allowedHeaders: ['x-custom'],
  maxAge: 600,
  privateNetwork: true,
  debug: true,
}
export const DEBUG_NO_PNA: CorsOptions = { origin: APP, methods: ['PUT'], debug: true }

export const ON_REJECT_THROWS: PolicySource = () => ({
  origin: APP,
  onReject: function throwingLogger() {
    throw new Error('logger is down')
  },
})
export const ON_REJECT_REJECTS: PolicySource = () => ({
  origin: APP,
  onReject: async function rejectingLogger() {
    throw new Error('logger is down')
  },
})

/** semantics.md §10: CSRF protection from the same policy. */
export const CSRF: CorsOptions = { origin: [APP], credentials: true, csrf: true }
export const CSRF_REPORT_ONLY: CorsOptions = { origin: [APP], csrf: { reportOnly: true } }
/** Behind a proxy that keeps the browser's host in `X-Forwarded-Host`. */
export const CSRF_FORWARDED_HOST: CorsOptions = { origin: [APP], csrf: { hostHeader: 'x-forwarded-host' } }
