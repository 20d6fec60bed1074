// WebKit: the WebKitGTK MiniBrowser (Debian's `webkit2gtk-driver`) driven by selenium-webdriver
// against a WebKitWebDriver we start ourselves (selenium-manager would try to download one).
// MiniBrowser has no headless mode, so it draws on an Xvfb display we also start. Both are
// children of this process and are stopped by `close()`, or killed when the process exits.
//
// One WebDriver session, so one browser, for the whole run. WebDriver has no notion of a
// browser context: a "fresh context" is new windows after every cookie the session has seen
// is deleted (cookies are what a test group can leave behind; every test uses URLs of its own,
// so no cache entry can answer for another test). WebKit over WebDriver exposes no console, so
// the reason for a block is never available: cases check the server's side instead.
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { Builder, type WebDriver } from 'selenium-webdriver'
import type { Engine, EngineLauncher, EnginePage } from './engine'

export const webkitDriverPath = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver'
export const miniBrowserPath =
  process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'
export const xvfbPath = process.env.XVFB_PATH || '/usr/bin/Xvfb'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

const children = new Set<ChildProcess>()
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, extraFd = false) {
  const child = spawn(command, args, {
    env,
    stdio: extraFd ? ['ignore', 'ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  let stderr = ''
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-2000)
  })
  return { child, stderr: () => stderr }
}

/** Starts Xvfb on the first free display; `-displayfd` makes it tell us which one. */
async function startXvfb() {
  const xvfb = startChild(
    xvfbPath,
    ['-displayfd', '3', '-screen', '0', '1440x900x24', '-nolisten', 'tcp'],
    process.env,
    true,
  )
  const display = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(
      () => reject(new Error(`Xvfb did not start within 10 s: ${xvfb.stderr()}`)),
      10_000,
    )
    xvfb.child.stdio[3]?.on('data', (chunk) => {
      out += chunk
      if (out.includes('\n')) {
        clearTimeout(timer)
        resolve(`:${out.trim()}`)
      }
    })
    xvfb.child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${xvfb.stderr()}`)))
  })
  return { ...xvfb, display }
}

async function waitForDriver(url: string, driver: ReturnType<typeof startChild>) {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (driver.child.exitCode !== null) throw new Error(`WebKitWebDriver exited: ${driver.stderr()}`)
    try {
      if ((await fetch(`${url}/status`)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`WebKitWebDriver did not answer on ${url} within 10 s: ${driver.stderr()}`)
}

/** WebDriver runs one command at a time against the current window: tests take turns. */
function serialise() {
  let last: Promise<unknown> = Promise.resolve()
  return <T>(work: () => Promise<T>): Promise<T> => {
    const next = last.then(work, work)
    last = next.catch(() => {})
    return next
  }
}

export const webkitLauncher: EngineLauncher = {
  name: 'webkit',
  reasons: {
    unavailable: 'WebKit over WebDriver exposes no console: the reason for a block is not observable',
  },
  binaries: [webkitDriverPath, miniBrowserPath, xvfbPath],
  async launch(): Promise<Engine> {
    const xvfb = await startXvfb()
    const port = await freePort()
    const env = { ...process.env, DISPLAY: xvfb.display }
    const server = startChild(webkitDriverPath, [`--port=${port}`], env)
    const url = `http://127.0.0.1:${port}`
    let driver: WebDriver
    try {
      await waitForDriver(url, server)
      driver = await new Builder()
        .usingServer(url)
        .withCapabilities({
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
        })
        .build()
      // The playground's grid takes up to a minute inside one script.
      await driver.manage().setTimeouts({ script: 120_000, pageLoad: 30_000 })
    } catch (error) {
      server.child.kill()
      xvfb.child.kill()
      throw error
    }
    const capabilities = await driver.getCapabilities()
    const turn = serialise()
    const originsSeen = new Set<string>()
    let current = await driver.getWindowHandle()
    const use = async (handle: string) => {
      if (current !== handle) await driver.switchTo().window(handle)
      current = handle
    }

    return {
      name: 'webkit',
      version: `WebKitGTK MiniBrowser ${capabilities.get('browserVersion') ?? ''}`.trim(),
      newContext: () =>
        turn(async () => {
          // Every cookie the session has seen, on every host it has visited, goes.
          for (const origin of originsSeen) {
            await driver.get(`${origin}/runner.html`)
            await driver.manage().deleteAllCookies()
          }
          const handles: string[] = []
          return {
            open: (origin, path) =>
              turn(async (): Promise<EnginePage> => {
                // A window, not a tab: WebDriver opens tabs in the background, where WebKit
                // reports the page hidden and throttles its timers (the playground's grid
                // then never finished).
                await driver.switchTo().newWindow('window')
                const handle = await driver.getWindowHandle()
                current = handle
                handles.push(handle)
                originsSeen.add(origin)
                await driver.get(origin + path)
                return {
                  run: (script, arg) =>
                    turn(async () => {
                      await use(handle)
                      // W3C executeScript awaits a returned promise.
                      return driver.executeScript(`return (${script.toString()})(arguments[0])`, arg)
                    }) as never,
                  corsReason: async () => null,
                  screenshot: (file) =>
                    turn(async () => {
                      await use(handle)
                      const { writeFileSync } = await import('node:fs')
                      writeFileSync(file, Buffer.from(await driver.takeScreenshot(), 'base64'))
                    }),
                  close: () =>
                    turn(async () => {
                      await use(handle)
                      await driver.close()
                      const [first] = await driver.getAllWindowHandles()
                      if (first) await driver.switchTo().window(first)
                      current = first ?? ''
                    }),
                }
              }),
            close: async () => {},
          }
        }),
      async close() {
        await driver.quit().catch(() => {})
        server.child.kill()
        xvfb.child.kill()
      },
    }
  },
}
