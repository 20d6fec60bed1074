import 'reflect-metadata'
import type { INestApplication } from '@nestjs/common'
import { type AbstractHttpAdapter, NestFactory } from '@nestjs/core'
import { ExpressAdapter } from '@nestjs/platform-express'
import { FastifyAdapter } from '@nestjs/platform-fastify'
import { AppModule, preflights } from './app.module.js'

const platform = process.env.PLATFORM === 'fastify' ? 'fastify' : 'express'
const adapter = platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter()
const app: INestApplication = await NestFactory.create(AppModule, adapter, { logger: ['error', 'warn'] })

// A request hook installed before CorsModule initialises runs ahead of it, so this counter
// also sees the preflights that the CORS hook then answers.
const httpAdapter = app.getHttpAdapter() as AbstractHttpAdapter
type RawRequest = { method: string; url: string; headers: Record<string, string> }
httpAdapter.setOnRequestHook((req: RawRequest, _res: unknown, done: () => void) => {
  preflights.observe(req.method, req.url, req.headers)
  done()
})

const port = Number(process.env.PORT || 3005)
const host = process.env.HOST || '127.0.0.1'
await app.listen(port, host)
console.log(`nestjs (${platform}) example on http://${host}:${port}`)
