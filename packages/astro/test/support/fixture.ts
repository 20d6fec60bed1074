import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { type RouteSpec, standardRoutes } from '@crossway/conformance'

export const PACKAGE_DIR = resolve(import.meta.dirname, '../..')
const ROOT = resolve(PACKAGE_DIR, '../..')
const FIXTURE_DIR = join(PACKAGE_DIR, 'test/fixtures/app')
const ERROR_PAGES_DIR = join(PACKAGE_DIR, 'test/fixtures/error-pages')

/** An installed Astro major with its matching @astrojs/node, as real directories. */
export interface AstroInstall {
  readonly label: string
  readonly astroDir: string
  readonly nodeAdapterDir: string
}

function version(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version
}

/** Astro and @astrojs/node from `node_modules` (this package's devDependencies, or a nested install). */
export function astroInstall(nodeModules: string): AstroInstall {
  const astroDir = realpathSync(join(nodeModules, 'astro'))
  const nodeAdapterDir = realpathSync(join(nodeModules, '@astrojs/node'))
  return {
    label: `astro ${version(astroDir)} + @astrojs/node ${version(nodeAdapterDir)}`,
    astroDir,
    nodeAdapterDir,
  }
}

/** The workspace's Astro: the newest major that runs on Node 20. */
export const WORKSPACE_ASTRO = (): AstroInstall => astroInstall(join(PACKAGE_DIR, 'node_modules'))

/** An Astro major installed apart (test/astro<N>-stack), and why it cannot run here, if it cannot. */
export interface AstroStack {
  readonly major: number
  readonly install: AstroInstall
  readonly unavailable: string | undefined
}

function atLeast(actual: string, minimum: string): boolean {
  const a = actual.split('.').map(Number)
  const m = minimum.split('.').map(Number)
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (m[i] ?? 0)) return (a[i] ?? 0) > (m[i] ?? 0)
  return true
}

/**
 * Astro 6 and 7 with their own @astrojs/node, from the `file:` stacks in devDependencies (so that
 * each adapter's `astro` peer is its own Astro). Their CLI refuses to build on a Node older than
 * their `engines` (Astro 6: 22.12, Astro 7: 22.23.4), so they run where Node is new enough: CI's
 * Node 24 step.
 */
export function astroStacks(): AstroStack[] {
  return [6, 7].map((major) => {
    const stack = realpathSync(join(PACKAGE_DIR, `node_modules/crossway-astro${major}-stack`))
    const install = astroInstall(dirname(stack))
    const engines = (
      JSON.parse(readFileSync(join(install.astroDir, 'package.json'), 'utf8')) as {
        engines: { node: string }
      }
    ).engines.node
    const minimum = /^>=(\d+\.\d+\.\d+)$/.exec(engines)?.[1]
    if (minimum === undefined) throw new Error(`astro ${major}: unexpected engines.node "${engines}"`)
    const unavailable = atLeast(process.versions.node, minimum)
      ? undefined
      : `Astro ${major}'s CLI refuses Node < ${minimum} (this is ${process.version}); CI runs it under Node 24`
    return { major, install, unavailable }
  })
}

/**
 * How the fixture is built. `checkOrigin: false` is what the README recommends for an API other
 * origins post to; `true` is Astro's default, built with a src/pages/500.astro as well.
 */
export interface FixtureVariant {
  readonly checkOrigin: boolean
}

/** One endpoint file per path, exporting the standard routes' handlers by method. */
function routeFiles(routes: readonly RouteSpec[]): Map<string, string> {
  const byPath = new Map<string, RouteSpec[]>()
  for (const route of routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route])
  const files = new Map<string, string>()
  for (const [path, specs] of byPath) {
    const lines = ['// Generated from @crossway/conformance standardRoutes by test/support/fixture.ts.']
    for (const spec of specs) {
      const body = spec.throws
        ? `() => {\n  throw new Error('boom')\n}`
        : `() =>\n  new Response(${JSON.stringify(spec.body ?? '')}, {\n    status: ${spec.status ?? 200},\n    headers: ${JSON.stringify({ 'x-handler': spec.id, ...spec.headers })},\n  })`
      lines.push(`export const ${spec.method} = ${body}`)
    }
    files.set(path === '/' ? 'index.ts' : `${path.slice(1)}.ts`, `${lines.join('\n')}\n`)
  }
  return files
}

function files(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...files(path))
    else out.push(path)
  }
  return out.sort()
}

/** Everything the build reads that can change between runs. */
function inputsHash(install: AstroInstall, variant: FixtureVariant): string {
  const hash = createHash('sha256')
    .update(process.version)
    .update(install.label)
    .update(JSON.stringify(variant))
    .update(JSON.stringify(standardRoutes))
  const inputs = [
    ...files(FIXTURE_DIR),
    ...files(ERROR_PAGES_DIR),
    ...files(join(PACKAGE_DIR, 'dist')),
    ...files(join(ROOT, 'packages/core/dist')),
    join(PACKAGE_DIR, 'test/support/fixture.ts'),
  ]
  for (const file of inputs) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file))
  return hash.digest('hex').slice(0, 16)
}

function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true })
  symlinkSync(target, path, 'dir')
}

const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }

/**
 * Builds the fixture with `astro build` in a directory of its own under the OS temp dir (a plain
 * app outside the workspace, whose `node_modules` links to the given Astro, its @astrojs/node
 * and this package as users install it: the built `dist`). A build made from the same inputs
 * is reused; `CROSSWAY_ASTRO_REBUILD=1` forces a new one. Returns the app's directory.
 */
export function buildFixture(install: AstroInstall, variant: FixtureVariant): string {
  // Per Node major too: Node 20 and Node 24 runs keep their own builds instead of replacing each other's.
  const node = process.versions.node.split('.')[0]
  const name = `crossway-astro-${install.label.split(' ')[1]}-node${node}-${variant.checkOrigin ? 'check' : 'open'}`
  const dir = join(tmpdir(), `${name}-${inputsHash(install, variant)}`)
  const stamp = join(dir, 'dist', 'crossway-built')
  if (process.env.CROSSWAY_ASTRO_REBUILD !== '1' && existsSync(stamp)) return dir
  // Earlier builds of this variant are stale: inputs changed.
  for (const entry of readdirSync(tmpdir())) {
    if (entry.startsWith(`${name}-`)) rmSync(join(tmpdir(), entry), { recursive: true, force: true })
  }
  prepareFixture(install, variant, dir)
  const build = runAstroBuild(install, dir, {
    CROSSWAY_FIXTURE_CHECK_ORIGIN: variant.checkOrigin ? 'on' : 'off',
  })
  const log = build.output
  if (build.code !== 0) throw new Error(`astro build failed (${build.code}) in ${dir}\n${log}`)
  // Kept for the tests that read what Astro printed while building.
  writeFileSync(join(dir, 'dist', 'crossway-build.log'), log)
  writeFileSync(stamp, `${install.label}\n`)
  return dir
}

/**
 * Writes the fixture app into `dir`: its files, the standard routes as endpoints, 500.astro for
 * the build with Astro's defaults, and `node_modules` links to the given Astro, its
 * @astrojs/node and this package as users install it (its `dist`).
 */
export function prepareFixture(install: AstroInstall, variant: FixtureVariant, dir: string): void {
  cpSync(FIXTURE_DIR, dir, { recursive: true })
  for (const [file, source] of routeFiles(standardRoutes)) writeFileSync(join(dir, 'src/pages', file), source)
  if (variant.checkOrigin) cpSync(join(ERROR_PAGES_DIR, '500.astro'), join(dir, 'src/pages/500.astro'))
  writeFileSync(
    join(dir, 'package.json'),
    '{ "name": "crossway-astro-fixture", "private": true, "type": "module" }\n',
  )
  link(install.astroDir, join(dir, 'node_modules/astro'))
  link(install.nodeAdapterDir, join(dir, 'node_modules/@astrojs/node'))
  link(PACKAGE_DIR, join(dir, 'node_modules/@crossway/astro'))
}

/** Runs `astro build` in `dir` to its end: its exit code and everything it printed. */
export function runAstroBuild(
  install: AstroInstall,
  dir: string,
  extraEnv: Record<string, string>,
): { code: number | null; output: string } {
  // The CLI as `npx astro` runs it: Astro 5 names it astro.js, Astro 6 and 7 bin/astro.mjs.
  const { bin } = JSON.parse(readFileSync(join(install.astroDir, 'package.json'), 'utf8')) as {
    bin: { astro: string }
  }
  const build = spawnSync(process.execPath, [join(install.astroDir, bin.astro), 'build'], {
    cwd: dir,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: 180_000,
  })
  return { code: build.status, output: `${build.stdout ?? ''}${build.stderr ?? ''}` }
}

/** A running `node dist/server/entry.mjs`. */
export interface AstroServer {
  readonly url: string
  /** What the server printed so far (stdout and stderr). */
  readonly output: () => string
  readonly close: () => Promise<void>
}

/**
 * Starts the built standalone server as a user deploys it, `node dist/server/entry.mjs` with
 * HOST and PORT (0: the system picks) from the environment, plus `extraEnv`. Resolves once it
 * prints the address it listens on; rejects if it exits first or takes over 20 s.
 */
export function startServer(dir: string, extraEnv: Record<string, string> = {}): Promise<AstroServer> {
  const child = spawn(process.execPath, [join(dir, 'dist/server/entry.mjs')], {
    cwd: dir,
    env: { ...env, HOST: '127.0.0.1', PORT: '0', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => fail(new Error('the Astro server was not listening after 20 s')), 20_000)
    function fail(error: Error) {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${error.message}\n${output}`))
    }
    child.on('error', fail)
    child.on('exit', (code) => fail(new Error(`the Astro server exited with ${code}`)))
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]
      if (port !== undefined) {
        clearTimeout(timer)
        child.removeAllListeners('exit')
        resolveStart({ url: `http://127.0.0.1:${port}`, output: () => output, close: () => stop(child) })
      }
    })
  })
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000)
    child.once('exit', () => {
      clearTimeout(force)
      done()
    })
    child.kill('SIGTERM')
  })
}

/**
 * A policy as JSON for the fixture's middleware: RegExps as `{ $regexp, flags }`, functions as
 * `{ $function: source }` (the conformance policies' functions close over nothing, so their
 * source is the whole function).
 */
export function policyJson(policy: unknown): string {
  return JSON.stringify(policy, (_key, value) => {
    if (value instanceof RegExp) return { $regexp: value.source, flags: value.flags }
    if (typeof value === 'function') return { $function: value.toString() }
    return value
  })
}

/** Reads the rejections the server appended since the last call. */
export function rejectionReader(file: string): () => unknown[] {
  let offset = 0
  return () => {
    if (!existsSync(file)) return []
    const text = readFileSync(file, 'utf8')
    const fresh = text.slice(offset)
    offset = text.length
    return fresh
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line))
  }
}
