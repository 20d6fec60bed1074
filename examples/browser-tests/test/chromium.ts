// Debian's Chromium driven by playwright-core: no browser download, the same binary locally
// and in CI. A fresh profile per run, with third-party cookies allowed: the page
// (localhost) and the examples (127.0.0.1) are different sites, and Chromium blocks
// cookies between them by default, which would hide what the CORS policy does.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

export const missingChromiumMessage =
  `Chromium was not found at ${chromiumPath}. The browser tests need it: on Debian or Ubuntu run ` +
  '`sudo apt-get update && sudo apt-get install -y chromium`, or point CHROMIUM_PATH at a Chromium or Chrome binary.'

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'crossway-chromium-'))
  mkdirSync(join(userDataDir, 'Default'))
  // 0 = allow third-party cookies (the settings page's "Allow third-party cookies").
  writeFileSync(
    join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
  )
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
  })
  return {
    context,
    async close() {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}
