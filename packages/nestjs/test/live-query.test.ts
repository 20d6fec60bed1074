import { Controller, Get, Module, QueryMethod, Req } from '@nestjs/common'
import { afterEach, describe, expect, it } from 'vitest'
import { Cors, CorsModule, createLiveCors } from '../src/index'
import { platforms, type StartedApp, start } from './app'
import { preflight, send } from './http'

const A = 'https://a.example.com'
const B = 'https://b.example.com'

const routePolicy = createLiveCors({ origin: [A], methods: ['GET', 'QUERY'] })
const modulePolicy = createLiveCors({ origin: [A] })

@Controller('live')
class LiveController {
  @Cors(routePolicy)
  @Get('own')
  own() {
    return 'own'
  }

  @Get('default')
  byDefault() {
    return 'default'
  }

  // RFC 10008's QUERY, through Nest's own routing on both platforms.
  @Cors(routePolicy)
  @QueryMethod('search')
  search(@Req() req: { method: string }) {
    return `searched with ${req.method}`
  }
}

@Module({ imports: [CorsModule.forRoot(modulePolicy)], controllers: [LiveController] })
class LiveModule {}

for (const platform of platforms) {
  describe(`${platform.name}: live policies`, () => {
    let started: StartedApp | undefined
    afterEach(async () => {
      routePolicy.reconfigure({ origin: [A], methods: ['GET', 'QUERY'] })
      modulePolicy.reconfigure({ origin: [A] })
      await started?.close()
    })

    it('@Cors(live) and CorsModule.forRoot(live) follow reconfigure without restarting', async () => {
      started = await start(platform, LiveModule)
      const acao = async (path: string, origin: string) =>
        (await send(started!.url, 'GET', path, { origin })).headers['access-control-allow-origin']
      expect(await acao('/live/own', A)).toBe(A)
      expect(await acao('/live/default', A)).toBe(A)
      routePolicy.reconfigure({ origin: [B] })
      expect(await acao('/live/own', A)).toBeUndefined()
      expect(await acao('/live/own', B)).toBe(B)
      expect(await acao('/live/default', A)).toBe(A)
      modulePolicy.reconfigure({ origin: [B] })
      expect(await acao('/live/default', A)).toBeUndefined()
      expect((await preflight(started.url, '/live/own', B, 'PUT')).status).toBe(204)
    })

    it("passes a QUERY preflight (decided by the QUERY handler's policy) and a QUERY request", async () => {
      started = await start(platform, LiveModule)
      const pre = await preflight(started.url, '/live/search', A, 'QUERY')
      expect(pre.status).toBe(204)
      expect(pre.headers['access-control-allow-methods']).toBe('GET,QUERY')
      const res = await send(
        started.url,
        'QUERY',
        '/live/search',
        {
          origin: A,
          'content-type': 'application/json',
          'content-length': '2',
        },
        '{}',
      )
      expect(res.status).toBe(200)
      expect(res.body).toBe('searched with QUERY')
      expect(res.headers['access-control-allow-origin']).toBe(A)
    })
  })
}
