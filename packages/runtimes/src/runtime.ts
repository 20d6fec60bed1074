/** The globals that tell the runtimes apart; each is absent everywhere else. */
interface RuntimeGlobals {
  readonly Deno?: { readonly version: { readonly deno: string }; exitCode: number }
  readonly Bun?: { readonly version: string }
  readonly EdgeRuntime?: string
  readonly process?: { readonly versions?: { readonly node?: string }; exitCode?: number }
}

const runtime = globalThis as unknown as RuntimeGlobals

/**
 * Names the runtime evaluating this code, e.g. `node v24.1.0`, `bun 1.2.0`, `deno 2.1.0`,
 * `edge-runtime`. Deno and Bun come first: both also expose a Node-compatible `process`.
 */
export function runtimeName(): string {
  if (runtime.Deno) return `deno ${runtime.Deno.version.deno}`
  if (runtime.Bun) return `bun ${runtime.Bun.version}`
  if (typeof runtime.EdgeRuntime === 'string') return runtime.EdgeRuntime
  const node = runtime.process?.versions?.node
  return node === undefined ? 'unknown runtime' : `node v${node}`
}

/**
 * Fails the process once pending output is flushed. An edge sandbox has no process: its host
 * reads the result from `globalThis` instead.
 */
export function failProcess(): void {
  if (runtime.Deno) runtime.Deno.exitCode = 1
  else if (runtime.process) runtime.process.exitCode = 1
}
