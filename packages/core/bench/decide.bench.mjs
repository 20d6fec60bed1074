// Decisions per second on the fast path and the Web path, side by side with Hono's cors
// middleware. Runs against the build (`pnpm build` first): `pnpm bench` in packages/core.
import { Hono } from 'hono'
import { cors as honoCors } from 'hono/cors'
import { bench, do_not_optimize, group, run, summary } from 'mitata'
import { createCors, createLiveCors } from '../dist/index.js'
import { decideNode } from '../dist/node.js'

const listOf = (n) => Array.from({ length: n }, (_, i) => `https://app${i}.example.com`)
const LAST = (n) => `https://app${n - 1}.example.com`

for (const size of [1, 100, 10_000]) {
  const origins = listOf(size)
  const cors = createCors({
    origin: origins,
    credentials: true,
    maxAge: 600,
    allowedHeaders: ['content-type', 'x-api-key'],
  })
  const allowed = LAST(size)
  group(`fast path, ${size} exact origin${size === 1 ? '' : 's'}`, () => {
    bench('allowed actual', () =>
      do_not_optimize(cors.decide('GET', allowed, undefined, undefined, undefined, null)),
    )
    bench('allowed preflight', () =>
      do_not_optimize(cors.decide('OPTIONS', allowed, 'PUT', 'content-type,x-api-key', undefined, null)),
    )
    bench('disallowed origin', () =>
      do_not_optimize(cors.decide('GET', 'https://evil.example.net', undefined, undefined, undefined, null)),
    )
  })
}

// A live policy (issue 17) pays one call to reach its current compiled policy; a static one
// from createCors must not change at all (compare with the 100-origin group above).
{
  const options = {
    origin: listOf(100),
    credentials: true,
    maxAge: 600,
    allowedHeaders: ['content-type', 'x-api-key'],
  }
  const live = createLiveCors(options)
  const allowed = LAST(100)
  group('fast path, live policy (createLiveCors), 100 exact origins', () => {
    bench('allowed actual', () =>
      do_not_optimize(live.decide('GET', allowed, undefined, undefined, undefined, null)),
    )
    bench('allowed preflight', () =>
      do_not_optimize(live.decide('OPTIONS', allowed, 'PUT', 'content-type,x-api-key', undefined, null)),
    )
  })
}

// CSRF protection (issue 16) must cost nothing when off: through the Node glue, as the
// adapters call it, a policy without `csrf` reads no extra header and runs no extra check.
{
  const base = { origin: listOf(100), credentials: true }
  const off = createCors(base)
  const on = createCors({ ...base, csrf: true })
  const allowed = LAST(100)
  const headers = { origin: allowed, host: 'api.example.com', 'sec-fetch-site': 'cross-site' }
  group('Node glue, allowed cross-site POST: csrf off vs on', () => {
    bench('csrf off', () => do_not_optimize(decideNode(off, 'POST', headers, null)))
    bench('csrf on', () => do_not_optimize(decideNode(on, 'POST', headers, null)))
    bench('csrf off, GET', () => do_not_optimize(decideNode(off, 'GET', headers, null)))
    bench('csrf on, GET', () => do_not_optimize(decideNode(on, 'GET', headers, null)))
  })
}

const wildcard = createCors({ origin: ['https://*.example.com'], credentials: true })
group('fast path, wildcard subdomain', () => {
  bench('allowed actual (a.b.example.com)', () =>
    do_not_optimize(wildcard.decide('GET', 'https://a.b.example.com', undefined, undefined, undefined, null)),
  )
  bench('look-alike refused (example.com.evil.net)', () =>
    do_not_optimize(
      wildcard.decide('GET', 'https://a.example.com.evil.net', undefined, undefined, undefined, null),
    ),
  )
})

// The Web path: the same Hono app behind Hono's own cors middleware and behind Crossway.
const policy = ['https://a.example.com', 'https://b.example.com', 'https://c.example.com']
const plain = new Hono().get('/', (c) => c.text('ok'))
const withHono = new Hono()
  .use(honoCors({ origin: policy, credentials: true, maxAge: 600 }))
  .get('/', (c) => c.text('ok'))
const crossway = createCors({ origin: policy, credentials: true, maxAge: 600 })
const app = (request) => plain.fetch(request)

const actual = new Request('http://api.test/', { headers: { origin: 'https://b.example.com' } })
const preflight = new Request('http://api.test/', {
  method: 'OPTIONS',
  headers: {
    origin: 'https://b.example.com',
    'access-control-request-method': 'PUT',
    'access-control-request-headers': 'content-type',
  },
})

// Check the answers before trusting any number.
for (const [name, handler] of [
  ['hono', (r) => withHono.request(r)],
  ['crossway', (r) => crossway.handle(r, app)],
]) {
  const a = await handler(actual.clone())
  const p = await handler(preflight.clone())
  if (a.headers.get('access-control-allow-origin') !== 'https://b.example.com' || p.status !== 204) {
    throw new Error(`${name} answered wrongly: actual ${a.status}, preflight ${p.status}`)
  }
}

summary(() => {
  group('Web path, allowed actual GET', () => {
    bench('hono app, no cors', async () => do_not_optimize(await plain.request(actual)))
    bench('hono app + hono/cors', async () => do_not_optimize(await withHono.request(actual)))
    bench('hono app + crossway handle', async () => do_not_optimize(await crossway.handle(actual, app)))
  })
})
summary(() => {
  group('Web path, allowed preflight', () => {
    bench('hono app + hono/cors', async () => do_not_optimize(await withHono.request(preflight)))
    bench('crossway handle', async () => do_not_optimize(await crossway.handle(preflight, app)))
  })
})

await run({ format: process.env.BENCH_FORMAT ?? 'mitata' })
