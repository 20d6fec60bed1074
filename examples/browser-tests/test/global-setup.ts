// Starts every example and the playground once, on free ports, before any browser test, and
// stops them afterwards. The tests read where things are through `inject('crossway')`.
import { existsSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { EXAMPLES, freePort, startExamples } from '../../shared/launch.js'
import { startPlayground } from '../../shared/playground/server.js'
import { chromiumPath, missingChromiumMessage } from './chromium'

export interface Target {
  name: string
  label: string
  url?: string
  reason?: string
  log?: string
}

export interface CrosswayTestEnv {
  origins: { allowed: string; other: string }
  running: Target[]
  skipped: Target[]
  failed: Target[]
}

declare module 'vitest' {
  export interface ProvidedContext {
    crossway: CrosswayTestEnv
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(chromiumPath)) throw new Error(missingChromiumMessage)

  const pagePort = await freePort()
  const page2Port = await freePort()
  const ports: Record<string, number> = {}
  for (const e of EXAMPLES) ports[e.name] = await freePort()

  // For a quicker local loop: BROWSER_TESTS_ONLY=web,koa. What it leaves out is reported skipped.
  const only = process.env.BROWSER_TESTS_ONLY?.split(',').map((s) => s.trim())
  const examples = await startExamples({ ports, pagePort, only })
  for (const e of EXAMPLES) {
    if (only && !only.includes(e.name)) {
      examples.skipped.push({ name: e.name, label: e.label, reason: 'left out by BROWSER_TESTS_ONLY' })
    }
  }
  for (const e of examples.skipped) console.warn(`browser tests: SKIPPING ${e.name}: ${e.reason}`)
  for (const e of examples.failed) {
    console.error(`browser tests: ${e.name} FAILED TO START: ${e.reason}\n${e.log}`)
  }
  const playground = await startPlayground({
    pagePort,
    page2Port,
    targets: [...examples.running, ...examples.skipped, ...examples.failed],
  })
  project.provide('crossway', {
    origins: playground.origins,
    running: examples.running,
    skipped: examples.skipped,
    failed: examples.failed,
  })
  return async () => {
    await playground.close()
    await examples.stop()
  }
}
