// Firefox (Gecko): Debian's `firefox-esr` driven by puppeteer-core over WebDriver BiDi (no
// geckodriver, which would be downloaded at first use). One browser for the whole run; each
// context is a BiDi user context: its own cookies and caches, default preferences. Firefox
// states why it blocked a request as a page error ("Cross-Origin Request Blocked: … (Reason:
// …)"), which puppeteer surfaces as 'pageerror', not 'console'.
import { existsSync, realpathSync } from 'node:fs'
import puppeteer from 'puppeteer-core'
import { type Engine, type EngineLauncher, type EnginePage, type PageScript, waitFor } from './engine'

export const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr'

export const firefoxLauncher: EngineLauncher = {
  name: 'firefox',
  reasons: 'reported',
  binaries: [firefoxPath],
  async launch(): Promise<Engine> {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      // /usr/bin/firefox-esr is a symlink; puppeteer wants the binary itself.
      executablePath: existsSync(firefoxPath) ? realpathSync(firefoxPath) : firefoxPath,
      headless: true,
      extraPrefsFirefox: {
        // Background traffic would leave the machine: only loopback is allowed here.
        'app.update.enabled': false,
        'browser.safebrowsing.malware.enabled': false,
        'browser.safebrowsing.phishing.enabled': false,
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
      },
    })
    return {
      name: 'firefox',
      version: await browser.version(),
      async newContext() {
        const context = await browser.createBrowserContext()
        const errors: string[] = []
        return {
          async open(origin, path): Promise<EnginePage> {
            const page = await context.newPage()
            page.on('pageerror', (error) =>
              errors.push(error instanceof Error ? error.message : String(error)),
            )
            page.on('console', (message) => errors.push(message.text()))
            await page.setViewport({ width: 1440, height: 900 })
            await page.goto(origin + path)
            return {
              // Arguments and results are plain JSON, so puppeteer's handle types do not apply.
              run: <A, T>(script: PageScript<A, T>, arg: A) =>
                page.evaluate(script as (arg: unknown) => T | Promise<T>, arg as unknown) as Promise<T>,
              corsReason: (url, waitMs = 3000) =>
                waitFor(
                  () => errors.find((l) => l.includes('Cross-Origin Request Blocked') && l.includes(url)),
                  waitMs,
                ),
              screenshot: async (file) => {
                await page.screenshot({ path: file as `${string}.png`, fullPage: true })
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
