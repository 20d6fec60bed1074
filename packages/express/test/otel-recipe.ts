// The OpenTelemetry recipe of docs/observability.md, verbatim: subscribe to Crossway's
// decisions on node:diagnostics_channel, put them on the active span, count them by reason,
// and log refusals without letting a flood of them flood the logs. Tested by
// otel-recipe.test.ts with the SDK's in-memory exporters.
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { CORS_DECISION_CHANNEL, type CorsDecisionEvent } from '@crossway/core/node'
import { type Meter, metrics, trace } from '@opentelemetry/api'

export interface CorsTelemetryOptions {
  /** Where the counter lives. @default metrics.getMeter('crossway') */
  readonly meter?: Meter
  /** Where refusal lines go. @default console.warn */
  readonly log?: (line: string) => void
  /** At most this many refusal lines per `windowMs`; the rest are counted and summed up. @default 10 */
  readonly maxLines?: number
  /** @default 60_000 */
  readonly windowMs?: number
}

/** Starts publishing CORS decisions to OpenTelemetry; returns the function that stops it. */
export function instrumentCors(options: CorsTelemetryOptions = {}): () => void {
  const meter = options.meter ?? metrics.getMeter('crossway')
  const decisions = meter.createCounter('crossway.cors.decisions', {
    description: 'CORS decisions, by kind, outcome, reason and route',
  })
  const log = rateLimited(options.log ?? console.warn, options.maxLines ?? 10, options.windowMs ?? 60_000)

  function onDecision(message: unknown): void {
    const event = message as CorsDecisionEvent
    // Metric attributes take few values: never the Origin, which any client can vary at will.
    decisions.add(1, {
      'crossway.cors.kind': event.kind,
      'crossway.cors.allowed': event.allowed,
      'crossway.cors.reason': event.reason ?? 'allowed',
      'http.route': event.route ?? 'unrouted',
    })
    // A span belongs to one request, so the Origin may go there (and to logs).
    trace.getActiveSpan()?.setAttributes({
      'crossway.cors.kind': event.kind,
      'crossway.cors.allowed': event.allowed,
      ...(event.reason === undefined ? {} : { 'crossway.cors.reason': event.reason }),
      ...(event.origin === undefined ? {} : { 'crossway.cors.origin': event.origin }),
    })
    if (!event.allowed)
      log(`crossway: refused ${event.kind} ${event.method} from ${event.origin} (${event.reason})`)
  }

  subscribe(CORS_DECISION_CHANNEL, onDecision)
  return () => {
    unsubscribe(CORS_DECISION_CHANNEL, onDecision)
    log.flush()
  }
}

/** At most `maxLines` lines per window; what is dropped is summed up in one line when the window ends. */
function rateLimited(write: (line: string) => void, maxLines: number, windowMs: number) {
  let windowStart = Date.now()
  let written = 0
  let dropped = 0
  const flush = () => {
    if (dropped > 0) write(`crossway: ${dropped} more CORS refusals not logged in the last ${windowMs} ms`)
    dropped = 0
  }
  return Object.assign(
    (line: string) => {
      const now = Date.now()
      if (now - windowStart >= windowMs) {
        flush()
        windowStart = now
        written = 0
      }
      if (written < maxLines) {
        written++
        write(line)
      } else dropped++
    },
    { flush },
  )
}
