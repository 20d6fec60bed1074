import { apiPolicy, createPreflightCounter, requestId } from '@crossway/example-shared'
import { Cors, CorsModule } from '@crossway/nestjs'
import { Controller, Get, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common'
import { ApiController } from './api.controller.js'
import { PublicController } from './public.controller.js'

/** Counts OPTIONS requests (read by the browser tests at GET /__stats). */
export const preflights = createPreflightCounter()

/** Internal: no CORS headers at all, even though the module has a default policy. */
@Cors(false)
@Controller('__stats')
export class StatsController {
  @Get()
  stats() {
    return preflights.stats()
  }
}

@Module({
  // The default policy of every route without @Cors(), and of paths no route serves.
  imports: [CorsModule.forRoot(apiPolicy)],
  controllers: [StatsController, PublicController, ApiController],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    // Middleware runs after the CORS hook: preflights never reach it, and what it sets sits
    // next to the CORS headers (only x-request-id is exposed to scripts).
    consumer
      .apply((_req: unknown, res: { setHeader(n: string, v: string): void }, next: () => void) => {
        res.setHeader('x-request-id', requestId())
        res.setHeader('x-internal', 'not-exposed')
        next()
      })
      .forRoutes(ApiController)
  }
}
