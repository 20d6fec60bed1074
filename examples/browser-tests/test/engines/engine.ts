// The one interface every engine's driver implements, so the cases are written once and run in
// Chromium (playwright-core), Firefox (puppeteer-core over WebDriver BiDi) and WebKit
// (selenium-webdriver against WebKitWebDriver). Each driver talks to the stock Debian browser:
// Playwright's patched Firefox and WebKit builds cannot be downloaded here or in CI.

export type EngineName = 'chromium' | 'firefox' | 'webkit'

export const ENGINE_NAMES: readonly EngineName[] = ['chromium', 'firefox', 'webkit']

/** A script run in the page: a plain function of one JSON argument, serialised by the driver. */
export type PageScript<A, T> = (arg: A) => T | Promise<T>

export interface EnginePage {
  /** Runs `script(arg)` in the page and resolves with its (awaited, JSON) result. */
  run<A, T>(script: PageScript<A, T>, arg: A): Promise<T>
  /**
   * The engine's own words on why a request to `url` was blocked, once it has said them;
   * `null` if it has not within `waitMs`. Only for engines whose `reasons` is `'reported'`.
   */
  corsReason(url: string, waitMs?: number): Promise<string | null>
  /** Saves a PNG of the whole page, where the driver can. */
  screenshot(path: string): Promise<void>
  close(): Promise<void>
}

export interface EngineContext {
  /** Opens `origin + path` in a new page of this context and waits for it to load. */
  open(origin: string, path: string): Promise<EnginePage>
  close(): Promise<void>
}

export interface Engine {
  readonly name: EngineName
  /** The browser's version string, for the report. */
  readonly version: string
  /** A fresh context: its own cookies and caches, default settings. */
  newContext(): Promise<EngineContext>
  close(): Promise<void>
}

export interface EngineLauncher {
  name: EngineName
  /** The binaries this engine needs, checked before the run starts. */
  binaries: string[]
  /**
   * Whether a blocked request's reason reaches the driver: Chromium logs it to the console,
   * Firefox raises it as a page error; WebKit over WebDriver exposes neither. Known before
   * launch, so a case can be declared skipped with this reason.
   */
  reasons: 'reported' | { unavailable: string }
  launch(): Promise<Engine>
}

/** The Debian packages that provide all three engines, in the form a person can paste. */
export const INSTALL_COMMAND =
  'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium firefox-esr webkit2gtk-driver xvfb xauth'

/** Polls `find` every 50 ms until it returns something or `waitMs` has passed. */
export async function waitFor<T>(find: () => T | undefined, waitMs: number): Promise<T | null> {
  const deadline = Date.now() + waitMs
  for (;;) {
    const found = find()
    if (found !== undefined) return found
    if (Date.now() >= deadline) return null
    await new Promise((r) => setTimeout(r, 50))
  }
}
