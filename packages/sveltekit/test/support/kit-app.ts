import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
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
import net from 'node:net'
import { dirname, join, relative, resolve } from 'node:path'
import { type RouteSpec, standardRoutes } from '@crossway/conformance'

export const ROOT = resolve(import.meta.dirname, '../../../..')
export const PACKAGE_DIR = join(ROOT, 'packages/sveltekit')
const FIXTURE_DIR = join(PACKAGE_DIR, 'test/fixtures/app')
const SUITE_CASES_DIR = join(ROOT, 'packages/conformance/src/cases')
/** Where the prepared apps live, one folder per Kit major and CSRF setting; never committed. */
const APPS_DIR = join(PACKAGE_DIR, 'node_modules/.cache/crossway-sveltekit-apps')

/** A SvelteKit major with the adapter-node, Vite, Svelte and plugin its peers resolved to. */
export interface KitStack {
  readonly name: string
  readonly major: 2 | 3
  /** Why this Node cannot build it, or `undefined` when it can. */
  readonly unavailable: string | undefined
  readonly packages: Readonly<Record<string, string>>
}

/** Where Node would find package `name` from `from` (some packages do not export their package.json). */
function packageDir(from: string, name: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate)
    if (dirname(dir) === dir) throw new Error(`${name} is not installed where ${from} can see it`)
  }
}

function stack(name: string, major: 2 | 3, from: string, unavailable: string | undefined): KitStack {
  const kit = packageDir(from, '@sveltejs/kit')
  return {
    name,
    major,
    unavailable,
    packages: {
      '@sveltejs/kit': kit,
      '@sveltejs/adapter-node': packageDir(from, '@sveltejs/adapter-node'),
      // Kit's own peers: exactly the Vite, Svelte and plugin it was installed against.
      '@sveltejs/vite-plugin-svelte': packageDir(kit, '@sveltejs/vite-plugin-svelte'),
      svelte: packageDir(kit, 'svelte'),
      vite: packageDir(kit, 'vite'),
      '@crossway/sveltekit': PACKAGE_DIR,
    },
  }
}

const [nodeMajor = 0, nodeMinor = 0] = process.versions.node.split('.').map(Number)
// Kit 3's `engines` says Node >= 22.17, and it means it: its build calls `Promise.withResolvers`,
// which Node 20 lacks. CI runs it in the Node 24 step.
const kit3Unavailable =
  nodeMajor > 22 || (nodeMajor === 22 && nodeMinor >= 17)
    ? undefined
    : `SvelteKit 3 needs Node >= 22.17 to build (this is ${process.version}); CI runs it under Node 24`

/** SvelteKit 2 (the package's dev dependency) and 3 (installed apart, in test/kit3-stack). */
export const kitStacks: readonly KitStack[] = [
  stack('kit 2', 2, PACKAGE_DIR, undefined),
  stack(
    'kit 3',
    3,
    dirname(realpathSync(join(PACKAGE_DIR, 'node_modules/sveltekit-kit3-stack/package.json'))),
    kit3Unavailable,
  ),
]

/**
 * Kit's own CSRF check (it refuses cross-origin form posts before `handle` runs): `'kit'` keeps
 * it on, as a new app has it; `'policy'` turns it off (`trustedOrigins: ['*']`) and leaves
 * CSRF to the policy's `csrf: true`, as the README recommends and the conformance suite needs.
 */
export type KitCsrf = 'kit' | 'policy'

/** A built app: the folder that holds `build/`. */
export interface BuiltApp {
  readonly name: string
  readonly dir: string
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

/** One `+server.js` per path of the suite's standard routes, each method an export. */
function standardRouteFiles(routes: readonly RouteSpec[]): Map<string, string> {
  const byPath = new Map<string, RouteSpec[]>()
  for (const route of routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route])
  const out = new Map<string, string>()
  for (const [path, specs] of byPath) {
    const lines = [
      '// Generated from the conformance suite’s standard routes (packages/conformance/src/harness.ts).',
      'const answer = (route) => () => {',
      "  if (route.throws) throw new Error('boom')",
      "  return new Response(route.body ?? '', { status: route.status ?? 200, headers: { 'x-handler': route.id, ...route.headers } })",
      '}',
      ...specs.map((spec) => `export const ${spec.method} = answer(${JSON.stringify(spec)})`),
    ]
    out.set(join('src/routes', path, '+server.js'), `${lines.join('\n')}\n`)
  }
  return out
}

function kitConfig(csrf: KitCsrf): string {
  return csrf === 'policy'
    ? "{ adapter: adapter(), csrf: { trustedOrigins: ['*'] } }"
    : '{ adapter: adapter() }'
}

/** Kit 2 reads svelte.config.js; Kit 3 refuses it and takes its config in the Vite plugin. */
function configFiles(kit: KitStack, csrf: KitCsrf): Map<string, string> {
  const imports =
    "import adapter from '@sveltejs/adapter-node'\nimport { sveltekit } from '@sveltejs/kit/vite'\n"
  if (kit.major === 3) {
    return new Map([
      [
        'vite.config.js',
        `${imports}export default { logLevel: 'warn', plugins: [sveltekit(${kitConfig(csrf)})] }\n`,
      ],
    ])
  }
  return new Map([
    [
      'svelte.config.js',
      `import adapter from '@sveltejs/adapter-node'\nexport default { kit: ${kitConfig(csrf)} }\n`,
    ],
    [
      'vite.config.js',
      "import { sveltekit } from '@sveltejs/kit/vite'\nexport default { logLevel: 'warn', plugins: [sveltekit()] }\n",
    ],
  ])
}

/** Everything a build depends on, so an unchanged app is not rebuilt. */
function inputsHash(kit: KitStack, generated: Map<string, string>): string {
  // Not the Node version: the output is the same on 20 and 24, and CI runs both in turn.
  const hash = createHash('sha256')
  for (const [name, dir] of Object.entries(kit.packages)) {
    const version =
      name === '@crossway/sveltekit'
        ? ''
        : JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version
    hash.update(`${name}@${version}\0`)
  }
  const inputs = [
    ...files(FIXTURE_DIR),
    ...files(join(PACKAGE_DIR, 'dist')),
    ...files(join(ROOT, 'packages/core/dist')),
    ...files(SUITE_CASES_DIR),
  ]
  for (const file of inputs)
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  for (const [file, text] of generated) hash.update(file).update('\0').update(text).update('\0')
  return hash.digest('hex')
}

/**
 * Prepares and builds the fixture app (test/fixtures/app plus the standard routes) for one Kit
 * major and CSRF setting with `vite build` and adapter-node, as a user builds it: in a folder of
 * its own whose node_modules link to that Kit's packages and to this package (its `dist`, as
 * users install it). Skipped when a complete build from exactly these inputs is there.
 */
export function buildApp(kit: KitStack, csrf: KitCsrf): BuiltApp {
  const name = `kit${kit.major}-${csrf}`
  const dir = join(APPS_DIR, name)
  const generated = new Map([
    ...standardRouteFiles(standardRoutes),
    ...configFiles(kit, csrf),
    // The suite's own policies, for the origin functions the fixture looks up by name.
    ['src/lib/suite-policies.ts', `export * from ${JSON.stringify(join(SUITE_CASES_DIR, 'policies.ts'))}\n`],
  ])
  const hash = inputsHash(kit, generated)
  const stamp = join(dir, 'build', 'crossway-inputs.sha256')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return { name, dir }

  rmSync(dir, { recursive: true, force: true })
  cpSync(FIXTURE_DIR, dir, { recursive: true })
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `crossway-${name}`, private: true, type: 'module' })}\n`,
  )
  for (const [file, text] of generated) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  for (const [pkg, target] of Object.entries(kit.packages)) {
    mkdirSync(dirname(join(dir, 'node_modules', pkg)), { recursive: true })
    symlinkSync(target, join(dir, 'node_modules', pkg), 'dir')
  }
  try {
    execFileSync(process.execPath, [join(kit.packages.vite!, 'bin/vite.js'), 'build'], {
      cwd: dir,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'pipe',
      timeout: 240_000,
    })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer }
    throw new Error(`vite build of ${name} failed:\n${stdout ?? ''}\n${stderr ?? ''}`)
  }
  writeFileSync(stamp, hash)
  return { name, dir }
}

/** A port that was free a moment ago on 127.0.0.1, for `PORT`. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolvePort(port))
    })
  })
}

/** A running `node build`. */
export interface AppServer {
  readonly port: number
  readonly url: string
  /** Everything the server printed so far. */
  readonly output: () => string
  readonly close: () => Promise<void>
}

/**
 * Starts the built app as adapter-node deploys it: `node build` with `HOST` and `PORT` from the
 * environment, plus `env` (the policy and set-up the fixture's hooks read) and, with `origin`,
 * `ORIGIN` (adapter-node's public origin: `http://127.0.0.1:<port>`). Resolves once it
 * prints "Listening on"; rejects with its output if it exits first or takes over 20 s.
 */
export async function startApp(
  app: BuiltApp,
  env: Readonly<Record<string, string>> = {},
  { origin = false }: { origin?: boolean } = {},
): Promise<AppServer> {
  const port = await freePort()
  // adapter-node assumes https unless told its public origin; Kit's CSRF check compares with it.
  const originEnv = origin ? { ORIGIN: `http://127.0.0.1:${port}` } : {}
  const child = spawn(process.execPath, ['build'], {
    cwd: app.dir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...originEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`${app.name}: node build was not listening in 20 s`)),
      20_000,
    )
    function fail(error: Error) {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${error.message}\n${output}`))
    }
    child.on('error', fail)
    child.on('exit', (code) => fail(new Error(`${app.name}: node build exited with ${code}`)))
    child.stdout!.on('data', () => {
      if (!output.includes('Listening on')) return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      resolveStart({
        port,
        url: `http://127.0.0.1:${port}`,
        output: () => output,
        close: () => stop(child),
      })
    })
  })
}

/** Runs `node build` to its end and returns its exit code and output: for a server that must refuse to start. */
export function runAppToExit(
  app: BuiltApp,
  env: Readonly<Record<string, string>>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((done, reject) => {
    freePort().then((port) => {
      const child = spawn(process.execPath, ['build'], {
        cwd: app.dir,
        env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      for (const stream of [child.stdout!, child.stderr!]) {
        stream.on('data', (chunk: Buffer) => {
          output += chunk.toString()
        })
      }
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error(`${app.name}: node build was still running after 20 s\n${output}`))
      }, 20_000)
      child.on('error', reject)
      child.on('close', (code) => {
        clearTimeout(timer)
        done({ code, output })
      })
    }, reject)
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
