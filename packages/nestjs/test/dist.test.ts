import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const builds = [
  '../dist/index.cjs',
  '../dist/index.js',
  '../../core/dist/index.cjs',
  '../../core/dist/index.js',
].map((file) => fileURLToPath(new URL(file, import.meta.url)))
const missing = builds.filter((file) => !existsSync(file))
const title =
  missing.length === 0
    ? 'built package (dist) from CommonJS and ESM apps'
    : `built package: SKIPPED, ${missing.join(' and ')} missing (run \`pnpm build\` first)`

// Runs in a plain Node process, outside Vite's module graph, through the package's own name
// (its exports map): what a Nest app compiled to CommonJS (`require`) or to ESM (`import`)
// gets. Decorators are applied as functions, as compiled TypeScript does.
const body = `
const check = async (platform, Adapter) => {
  class Api { put() { return 'ok' } }
  const d = Object.getOwnPropertyDescriptor(Api.prototype, 'put')
  common.Put()(Api.prototype, 'put', d)
  lib.Cors({ origin: ['https://app.example.com'], methods: ['GET', 'PUT'] })(Api.prototype, 'put', d)
  common.Controller('api')(Api)
  class AppModule {}
  common.Module({ imports: [lib.CorsModule.forRoot()], controllers: [Api] })(AppModule)
  const app = await core.NestFactory.create(AppModule, new Adapter(), { logger: false, abortOnError: false })
  await app.listen(0, '127.0.0.1')
  const { port } = app.getHttpServer().address()
  const res = await new Promise((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', method: 'OPTIONS', path: '/api', agent: false,
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' } }, (r) => {
      r.resume()
      r.on('end', () => resolve({ platform, status: r.statusCode, acao: r.headers['access-control-allow-origin'],
        acam: r.headers['access-control-allow-methods'] }))
    })
    req.on('error', reject)
    req.end()
  })
  await app.close()
  return res
}
Promise.all([check('express', express.ExpressAdapter), check('fastify', fastify.FastifyAdapter)]).then(
  (apps) => process.stdout.write(JSON.stringify({ exports: Object.keys(lib).sort(), apps })),
  (err) => { console.error(err); process.exit(1) },
)
`
const cjs = `
const http = require('node:http')
const lib = require('@crossway/nestjs')
const common = require('@nestjs/common')
const core = require('@nestjs/core')
const express = require('@nestjs/platform-express')
const fastify = require('@nestjs/platform-fastify')
${body}`
const esm = `
import http from 'node:http'
import * as lib from '@crossway/nestjs'
import * as common from '@nestjs/common'
import * as core from '@nestjs/core'
import * as express from '@nestjs/platform-express'
import * as fastify from '@nestjs/platform-fastify'
${body}`

function run(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: packageDir, timeout: 30_000 }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(JSON.parse(out)),
    )
  })
}

const expected = {
  exports: [
    'CORS_METADATA_KEY',
    'Cors',
    'CorsConfigError',
    'CorsModule',
    'cachedOrigin',
    'createLiveCors',
    'isCorsConfigError',
  ],
  apps: ['express', 'fastify'].map((platform) => ({
    platform,
    status: 204,
    acao: 'https://app.example.com',
    acam: 'GET,PUT',
  })),
}

describe.skipIf(missing.length > 0)(title, () => {
  it('loads with require() and answers a preflight on Express and Fastify', async () => {
    expect(await run(['-e', cjs])).toEqual(expected)
  })

  it('loads with import and answers a preflight on Express and Fastify', async () => {
    expect(await run(['--input-type=module', '-e', esm])).toEqual(expected)
  })
})
