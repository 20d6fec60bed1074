import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../../../..')
export const EXAMPLE_DIR = join(ROOT, 'examples/nextjs')
const PACKAGE_DIR = join(ROOT, 'packages/next')
const NEXT_BIN = createRequire(join(EXAMPLE_DIR, 'package.json')).resolve('next/dist/bin/next')
/** The installed `next` package (the binary is `dist/bin/next` inside it). */
const NEXT_DIR = resolve(dirname(NEXT_BIN), '../..')
const STAMP = join(EXAMPLE_DIR, '.next', 'crossway-inputs.sha256')
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

function files(dir: string, skip: ReadonlySet<string>): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...files(path, skip))
    else out.push(path)
  }
  return out.sort()
}

/**
 * Everything `next build` reads that can change between runs: the app's own files, the built
 * `@crossway/*` packages it imports, the shared example module it compiles in, the lockfile
 * (Next, React and their versions) and Node.
 */
function inputsHash(): string {
  const hash = createHash('sha256').update(process.version)
  const inputs = [
    ...files(EXAMPLE_DIR, new Set(['node_modules', '.next', 'next-env.d.ts'])),
    ...files(join(ROOT, 'packages/next/dist'), new Set()),
    ...files(join(ROOT, 'packages/core/dist'), new Set()),
    // The shared example policy and helpers, compiled into the app by relative import.
    join(ROOT, 'examples/shared/index.js'),
    join(ROOT, 'pnpm-lock.yaml'),
  ]
  for (const file of inputs)
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  return hash.digest('hex')
}

/**
 * Runs `next build` for examples/nextjs, unless `.next` holds a complete build made from exactly
 * these inputs (the stamp is written only after a build succeeds). `CROSSWAY_NEXT_REBUILD=1` forces it.
 */
export function buildExample(): void {
  const hash = inputsHash()
  const fresh =
    process.env.CROSSWAY_NEXT_REBUILD !== '1' &&
    existsSync(join(EXAMPLE_DIR, '.next', 'BUILD_ID')) &&
    existsSync(STAMP) &&
    readFileSync(STAMP, 'utf8') === hash
  if (fresh) return
  execFileSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: EXAMPLE_DIR,
    env,
    stdio: 'pipe',
    timeout: 280_000,
  })
  writeFileSync(STAMP, hash)
}

/** A running `next start`, reached at `port`. */
export interface ExampleServer {
  readonly port: number
  readonly close: () => Promise<void>
}

/**
 * Starts `next start` on 127.0.0.1 with a free port (`-p 0`), passing a policy to proxy.ts
 * through `CROSSWAY_EXAMPLE_POLICY` as JSON (RegExps as `{ $regexp, flags }`), and a file its
 * `onReject` appends to (`CROSSWAY_EXAMPLE_REJECTIONS`). Resolves once Next prints its address
 * and "Ready"; rejects if it exits first or takes over 30 s.
 */
export function startExample(policyJson?: string, rejectionsFile?: string): Promise<ExampleServer> {
  const testEnv: Record<string, string> = {}
  if (policyJson !== undefined) testEnv.CROSSWAY_EXAMPLE_POLICY = policyJson
  if (rejectionsFile !== undefined) testEnv.CROSSWAY_EXAMPLE_REJECTIONS = rejectionsFile
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', '0'], {
    cwd: EXAMPLE_DIR,
    env: { ...env, ...testEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => fail(new Error('next start was not ready in 30 s')), 30_000)
    function fail(error: Error) {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${error.message}\n${output}`))
    }
    child.on('error', fail)
    child.on('exit', (code) => fail(new Error(`next start exited with ${code}`)))
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]
      if (port && output.includes('Ready')) {
        clearTimeout(timer)
        child.removeAllListeners('exit')
        resolveStart({ port: Number(port), close: () => stop(child) })
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
 * The `Vary` tokens Next.js itself appends to every App Router response (`setVaryHeader` in
 * its base server), whatever the proxy or the route wrote. They are Next's, not ours.
 */
export const NEXT_VARY_TOKENS: ReadonlySet<string> = new Set([
  'rsc',
  'next-router-state-tree',
  'next-router-prefetch',
  'next-router-segment-prefetch',
])

/** Removes Next's own tokens from the `Vary` lines of a response head; every other byte is kept. */
function withoutNextVary(head: string): string {
  const lines = head.split('\r\n').flatMap((line) => {
    const colon = line.indexOf(':')
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'vary') return [line]
    const kept = line
      .slice(colon + 1)
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '' && !NEXT_VARY_TOKENS.has(t.toLowerCase()))
    return kept.length === 0 ? [] : [`${line.slice(0, colon)}: ${kept.join(', ')}`]
  })
  return lines.join('\r\n')
}

/**
 * Maps between the conformance suite's view and the app's, over TCP:
 * - requests: the suite asks for `/resource`; the app serves it at `/api/resource`, under
 *   proxy.ts's matcher. Only the request target of the first line changes (`/` → `/api`,
 *   `/x` → `/api/x`); every other byte is copied untouched, so raw-socket cases reach Next
 *   exactly as written.
 * - responses: Next's own router tokens (`NEXT_VARY_TOKENS`) are taken out of `Vary`, so the
 *   suite's exact `Vary` checks judge what the proxy and the route wrote (duplicates, a lost
 *   `Origin`). The shipped-app tests assert those tokens separately.
 * The runner sends one request per connection (`agent: false`, or `Connection: close` raw).
 * `beforeResponse` runs before the first response byte is forwarded.
 */
export function startPrefixRelay(
  targetPort: number,
  prefix: string,
  beforeResponse: () => void = () => {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1')
    sockets.add(client).add(upstream)

    let requestHead: Buffer | undefined = Buffer.alloc(0)
    client.on('data', (chunk: Buffer) => {
      if (requestHead === undefined) {
        upstream.write(chunk)
        return
      }
      requestHead = Buffer.concat([requestHead, chunk])
      const eol = requestHead.indexOf('\r\n')
      if (eol < 0) {
        if (requestHead.length > 65_536) client.destroy()
        return
      }
      const [method, target = '/', ...rest] = requestHead.subarray(0, eol).toString('latin1').split(' ')
      const rewritten =
        target === '/' ? prefix : target.startsWith('/?') ? prefix + target.slice(1) : prefix + target
      const line = Buffer.from([method, rewritten, ...rest].join(' '), 'latin1')
      upstream.write(Buffer.concat([line, requestHead.subarray(eol)]))
      requestHead = undefined
    })

    let responseHead: Buffer | undefined = Buffer.alloc(0)
    upstream.on('data', (chunk: Buffer) => {
      if (responseHead === undefined) {
        client.write(chunk)
        return
      }
      responseHead = Buffer.concat([responseHead, chunk])
      const end = responseHead.indexOf('\r\n\r\n')
      if (end < 0) return
      beforeResponse()
      const head = withoutNextVary(responseHead.subarray(0, end).toString('latin1'))
      client.write(Buffer.concat([Buffer.from(head, 'latin1'), responseHead.subarray(end)]))
      responseHead = undefined
    })
    upstream.on('end', () => client.end())
    client.on('end', () => upstream.end())
    client.on('error', () => upstream.destroy()).on('close', () => sockets.delete(client))
    upstream.on('error', () => client.destroy()).on('close', () => sockets.delete(upstream))
  })
  return new Promise((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      resolveListen({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}

/**
 * Reads the rejections the server appended since the last call. The server writes each one
 * synchronously inside `onReject`, before it answers, so calling this before the first
 * response byte is forwarded sees every rejection of that request.
 */
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

/** What a `next` command printed and how it exited. */
export interface NextRun {
  readonly code: number | null
  readonly output: string
}

/**
 * Runs `next <args>` in `cwd` to its end (at most `timeoutMs`), collecting stdout and stderr:
 * for commands that are expected to stop by themselves, such as a build or a `next start`
 * that must refuse to serve.
 */
export function runNext(
  args: readonly string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<NextRun> {
  const child = spawn(process.execPath, [NEXT_BIN, ...args], {
    cwd,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  return new Promise((done, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`next ${args.join(' ')} did not stop in ${timeoutMs} ms\n${output}`))
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code, output })
    })
  })
}

/**
 * Copies `test/fixtures/<name>` to a new temporary directory, outside the workspace (so Next
 * sees a plain app, not a monorepo), with `node_modules` links to this package (`@crossway/next`,
 * its built `dist`, as users install it) and to the installed `next`.
 */
export function fixtureApp(name: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `crossway-${name}-`))
  cpSync(join(PACKAGE_DIR, 'test/fixtures', name), dir, { recursive: true })
  mkdirSync(join(dir, 'node_modules/@crossway'), { recursive: true })
  symlinkSync(PACKAGE_DIR, join(dir, 'node_modules/@crossway/next'), 'dir')
  symlinkSync(NEXT_DIR, join(dir, 'node_modules/next'), 'dir')
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
