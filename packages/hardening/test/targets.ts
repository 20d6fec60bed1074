import type { Harness } from '@crossway/conformance'
import { expressHarness, majors as expressMajors } from '../../express/test/harness'
import { fastifyHarness, majors as fastifyMajors } from '../../fastify/test/harness'
import { koaHarness } from '../../koa/test/harness'
import { koaMajors } from '../../koa/test/helpers'
import { platforms as nestPlatforms } from '../../nestjs/test/app'
import { nestHarness } from '../../nestjs/test/harness'

function pick<T extends { name: string }>(list: readonly T[], name: string): T {
  const found = list.find((entry) => entry.name === name)
  if (!found) throw new Error(`no "${name}" in the adapter's test harness`)
  return found
}

/**
 * Every Node adapter at its current framework major, started by the adapter's own conformance
 * harness (the standard routes behind the policy), so the fuzzer hits what users deploy.
 */
export const targets: readonly Harness[] = [
  fastifyHarness('fastify 5', pick(fastifyMajors, 'fastify 5').fastify),
  koaHarness('koa 3', pick(koaMajors, 'koa 3').Koa),
  expressHarness('express 5', () => pick(expressMajors, 'express 5').express()),
  ...nestPlatforms.map((platform) => nestHarness(platform)),
]
