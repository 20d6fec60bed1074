import type { ConfigErrorCase } from '../case'

/** semantics.md §3: policies that must fail when the server starts, never at request time. */
export const configErrorCases: readonly ConfigErrorCase[] = [
  { id: 'config/unknown-option', spec: '§3', policy: { allowHeaders: ['x-custom'] }, code: 'unknown-option' },
  { id: 'config/origin-true', spec: '§3', policy: { origin: true }, code: 'invalid-option-type' },
  { id: 'config/origin-null-value', spec: '§3', policy: { origin: null }, code: 'invalid-option-type' },
  {
    id: 'config/credentials-string',
    spec: '§3',
    policy: { credentials: 'yes' },
    code: 'invalid-option-type',
  },
  { id: 'config/origin-with-path', spec: '§3', policy: { origin: 'https://a.com/' }, code: 'invalid-origin' },
  {
    id: 'config/origin-without-scheme',
    spec: '§3',
    policy: { origin: 'example.com' },
    code: 'invalid-origin',
  },
  {
    id: 'config/star-inside-array',
    spec: '§3',
    policy: { origin: ['https://a.com', '*'] },
    code: 'invalid-origin',
  },
  { id: 'config/empty-origin-array', spec: '§3', policy: { origin: [] }, code: 'invalid-origin' },
  { id: 'config/wildcard-over-tld', spec: '§3', policy: { origin: 'https://*.com' }, code: 'unsafe-origin' },
  { id: 'config/unanchored-regexp', spec: '§3', policy: { origin: /example\.com/ }, code: 'unsafe-origin' },
  {
    id: 'config/global-regexp',
    spec: '§3',
    policy: { origin: /^https:\/\/a\.com$/g },
    code: 'unsafe-origin',
  },
  {
    id: 'config/credentials-with-any-origin',
    spec: '§3',
    policy: { origin: '*', credentials: true },
    code: 'credentials-with-wildcard',
  },
  {
    id: 'config/credentials-with-default-origin',
    spec: '§3',
    policy: { credentials: true },
    code: 'credentials-with-wildcard',
  },
  {
    id: 'config/credentials-with-exposed-star',
    spec: '§3',
    policy: { origin: 'https://a.com', credentials: true, exposedHeaders: '*' },
    code: 'credentials-with-wildcard',
  },
  {
    id: 'config/credentials-with-null-origin',
    spec: '§3',
    policy: { origin: ['https://a.com', 'null'], credentials: true },
    code: 'credentials-with-null-origin',
  },
  {
    id: 'config/forbidden-method',
    spec: '§3',
    policy: { methods: ['GET', 'connect'] },
    code: 'invalid-method',
  },
  { id: 'config/method-not-a-token', spec: '§3', policy: { methods: 'GET,PU T' }, code: 'invalid-method' },
  {
    id: 'config/forbidden-allowed-header',
    spec: '§3',
    policy: { allowedHeaders: ['x-custom', 'cookie'] },
    code: 'invalid-header-name',
  },
  {
    id: 'config/set-cookie-exposed',
    spec: '§3',
    policy: { exposedHeaders: ['set-cookie'] },
    code: 'invalid-header-name',
  },
  { id: 'config/negative-max-age', spec: '§3', policy: { maxAge: -1 }, code: 'invalid-max-age' },
  { id: 'config/max-age-string', spec: '§9', policy: { maxAge: '600' }, code: 'invalid-max-age' },
  {
    id: 'config/status-out-of-range',
    spec: '§3',
    policy: { optionsSuccessStatus: 301 },
    code: 'invalid-status',
  },
]
