import type { ConformanceRequest } from '@crossway/conformance'

/** The origins in ALLOWED_ORIGINS, written with a space after the comma as people do. */
export const ALLOWED_ORIGINS = 'https://app.example.com, https://admin.example.com'
const app = 'https://app.example.com'
const admin = 'https://admin.example.com'
const evil = 'https://evil.example'

export interface Row extends ConformanceRequest {
  readonly id: string
}

/** The requests every old and migrated app is sent, in this order. */
export const rows: readonly Row[] = [
  { id: 'get, allowed origin', method: 'GET', path: '/api/items', headers: { origin: app } },
  { id: 'get, second listed origin', method: 'GET', path: '/api/items', headers: { origin: admin } },
  { id: 'get, refused origin', method: 'GET', path: '/api/items', headers: { origin: evil } },
  { id: 'get, no origin', method: 'GET', path: '/api/items', headers: {} },
  { id: 'post, allowed origin', method: 'POST', path: '/api/items', headers: { origin: app } },
  { id: 'thrown error, allowed origin', method: 'GET', path: '/api/fail', headers: { origin: app } },
  { id: 'no route, allowed origin', method: 'GET', path: '/api/nowhere', headers: { origin: app } },
  {
    id: 'preflight, allowed',
    method: 'OPTIONS',
    path: '/api/items',
    headers: {
      origin: app,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  },
  {
    id: 'preflight, refused origin',
    method: 'OPTIONS',
    path: '/api/items',
    headers: { origin: evil, 'access-control-request-method': 'POST' },
  },
  {
    id: 'preflight, refused method',
    method: 'OPTIONS',
    path: '/api/items',
    headers: { origin: app, 'access-control-request-method': 'PURGE' },
  },
  { id: 'options, no request method', method: 'OPTIONS', path: '/api/items', headers: { origin: app } },
]
