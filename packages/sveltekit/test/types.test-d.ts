import { createCors, createLiveCors } from '@crossway/core'
import {
  type CorsHandle,
  type CorsRoutes,
  cors,
  corsByRoute,
  type SvelteKitCorsOptions,
} from '@crossway/sveltekit'
import type { Handle, RequestEvent } from '@sveltejs/kit'
import { sequence } from '@sveltejs/kit/hooks'
import { expectTypeOf, test } from 'vitest'

declare const tenants: { allows(host: string, origin: string): Promise<boolean> }
const authHandle: Handle = ({ event, resolve }) => resolve(event)

test('cors() fits where Kit takes a Handle: the export, sequence(), a hook calling it', () => {
  expectTypeOf(cors({ origin: ['https://app.example.com'], credentials: true })).toEqualTypeOf<CorsHandle>()
  expectTypeOf(cors()).toExtend<Handle>()
  const handle: Handle = sequence(cors({ origin: '*' }), authHandle)
  const byHand: Handle = (input) => cors({ origin: '*' })(input)
  expectTypeOf(handle).toEqualTypeOf<Handle>()
  expectTypeOf(byHand).toEqualTypeOf<Handle>()
})

test('the origin function receives the RequestEvent and may answer later', () => {
  cors({
    origin: (origin, event) => {
      expectTypeOf(origin).toEqualTypeOf<string>()
      expectTypeOf(event).toEqualTypeOf<RequestEvent>()
      expectTypeOf(event.route.id).toEqualTypeOf<string | null>()
      return event.url.pathname.startsWith('/api') && origin.endsWith('.example.com')
    },
  })
  cors({ origin: async (origin, event) => tenants.allows(event.url.host, origin) })
})

test('policies built beforehand are taken as they are', () => {
  cors(createCors<RequestEvent>({ origin: (_origin, event) => event.isSubRequest === false }))
  cors(createLiveCors<RequestEvent>({ origin: ['https://app.example.com'] }))
})

test('mistakes the core refuses at start-up are type errors first', () => {
  // @ts-expect-error -- `origin: true` reflects every origin: refused
  cors({ origin: true })
  // @ts-expect-error -- the option is `allowedHeaders`
  cors({ allowHeaders: ['content-type'] })
  // @ts-expect-error -- an origin function gets the RequestEvent, not a Node callback
  cors({ origin: (_origin: string, callback: (error: null, ok: boolean) => void) => callback(null, true) })
})

test('corsByRoute() takes policies or false by route id, and a policy for unmatched paths', () => {
  const routes: CorsRoutes = { '/api': { origin: ['https://app.example.com'] }, '/api/internal': false }
  expectTypeOf(corsByRoute(routes, { notFound: { origin: '*' } })).toExtend<Handle>()
  expectTypeOf<SvelteKitCorsOptions>().toMatchTypeOf<CorsRoutes[string]>()
  // @ts-expect-error -- notFound is a policy; leave it out to pass unmatched paths on untouched
  corsByRoute(routes, { notFound: false })
})
