import 'reflect-metadata'
import type { INestApplication } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { ExpressAdapter } from '@nestjs/platform-express'
import { FastifyAdapter } from '@nestjs/platform-fastify'

/** A started Nest application on 127.0.0.1 and an ephemeral port. */
export interface StartedApp {
  readonly url: string
  readonly app: INestApplication
  readonly close: () => Promise<void>
}

export interface Platform {
  readonly name: 'express' | 'fastify'
  readonly create: (module: unknown) => Promise<INestApplication>
}

const appOptions = { logger: process.env.NEST_LOG ? undefined : false, abortOnError: false } as any

/** The two HTTP platforms every Nest test runs on. */
export const platforms: readonly Platform[] = [
  {
    name: 'express',
    create: (module) => NestFactory.create(module as never, new ExpressAdapter(), appOptions),
  },
  {
    name: 'fastify',
    create: (module) => NestFactory.create(module as never, new FastifyAdapter(), appOptions),
  },
]

/** Creates, configures (prefix, versioning…) and starts an application. */
export async function start(
  platform: Platform,
  module: unknown,
  configure?: (app: INestApplication) => void,
): Promise<StartedApp> {
  const app = await platform.create(module)
  try {
    configure?.(app)
    await app.listen(0, '127.0.0.1')
  } catch (err) {
    await app.close()
    throw err
  }
  const address = app.getHttpServer().address() as { port: number }
  return { url: `http://127.0.0.1:${address.port}`, app, close: () => app.close() }
}
