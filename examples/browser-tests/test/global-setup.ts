// Starts every example, the playground and the lab server once, on free ports, before any
// browser test, and stops them afterwards: every engine's file runs against the same servers.
// The tests read where things are through `inject('crossway')`.
import { existsSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { EXAMPLES, freePort, startExamples } from '../../shared/launch.js'
import { startPlayground } from '../../shared/playground/server.js'
import { INSTALL_COMMAND } from './engines/engine'
import { chosenEngines, LAUNCHERS } from './engines/index'
import { startLab } from './lab-server'

export interface Target {
  name: string
  label: string
  url?: string
  /** The same server as `http://localhost:<port>`: the page's own site, another origin. */
  sameSiteUrl?: string
  reason?: string
  log?: string
}

export interface CrosswayTestEnv {
  origins: { allowed: string; other: string }
  /** The lab server, on the page's site and on another site. */
  lab: { sameSite: string; crossSite: string }
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
  const missing = chosenEngines()
    .flatMap((name) => LAUNCHERS[name].binaries.map((path) => ({ name, path })))
    .filter(({ path }) => !existsSync(path))
  if (missing.length) {
    throw new Error(
      `${missing.map((m) => `${m.name}: ${m.path} not found`).join('; ')}. Install the engines: ${INSTALL_COMMAND}`,
    )
  }

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
  const lab = await startLab(playground.origins.allowed)
  project.provide('crossway', {
    origins: playground.origins,
    lab: { sameSite: `http://localhost:${lab.port}`, crossSite: `http://127.0.0.1:${lab.port}` },
    running: examples.running,
    skipped: examples.skipped,
    failed: examples.failed,
  })
  return async () => {
    await lab.close()
    await playground.close()
    await examples.stop()
  }
}
