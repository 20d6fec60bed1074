// Chromium (Blink): Debian's `chromium` driven by playwright-core over CDP. One browser for the
// whole run; each context is a fresh, incognito-like profile with Chromium's default settings.
// Chromium states why it blocked a request in a console error ("… has been blocked by CORS
// policy: …"), which is where the reason is collected.
import { chromium } from 'playwright-core'
import { type Engine, type EngineLauncher, type EnginePage, type PageScript, waitFor } from './engine'

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  // QUIC and background traffic would leave the machine: only loopback is allowed here.
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const chromiumLauncher: EngineLauncher = {
  name: 'chromium',
  reasons: 'reported',
  binaries: [chromiumPath],
  async launch(): Promise<Engine> {
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ARGS })
    return {
      name: 'chromium',
      version: `Chromium ${browser.version()}`,
      async newContext() {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
        const consoleLines: string[] = []
        context.on('console', (message) => consoleLines.push(message.text()))
        return {
          async open(origin, path): Promise<EnginePage> {
            const page = await context.newPage()
            await page.goto(origin + path)
            return {
              // Arguments and results are plain JSON, so Playwright's handle types do not apply.
              run: <A, T>(script: PageScript<A, T>, arg: A) =>
                page.evaluate(script as (arg: unknown) => T | Promise<T>, arg as unknown),
              corsReason: (url, waitMs = 3000) =>
                waitFor(() => consoleLines.find((l) => l.includes(`Access to fetch at '${url}'`)), waitMs),
              screenshot: async (file) => {
                await page.screenshot({ path: file, fullPage: true })
              },
              close: () => page.close(),
            }
          },
          close: () => context.close(),
        }
      },
      close: () => browser.close(),
    }
  },
}
