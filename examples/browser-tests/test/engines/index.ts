// Which engines a run uses: `BROWSERS=firefox,webkit` picks some, in this fixed order; the
// default is all three.
import { chromiumLauncher } from './chromium'
import { ENGINE_NAMES, type EngineLauncher, type EngineName } from './engine'
import { firefoxLauncher } from './firefox'
import { webkitLauncher } from './webkit'

export const LAUNCHERS: Record<EngineName, EngineLauncher> = {
  chromium: chromiumLauncher,
  firefox: firefoxLauncher,
  webkit: webkitLauncher,
}

/** The engines named in `value` (comma-separated), or all three; throws on an unknown name. */
export function chosenEngines(value = process.env.BROWSERS): EngineName[] {
  if (!value?.trim()) return [...ENGINE_NAMES]
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
  const unknown = names.filter((n) => !ENGINE_NAMES.includes(n as EngineName))
  if (unknown.length) {
    throw new Error(`BROWSERS: unknown engine ${unknown.join(', ')}; use any of ${ENGINE_NAMES.join(', ')}`)
  }
  return ENGINE_NAMES.filter((n) => names.includes(n))
}
