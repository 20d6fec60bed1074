// The human form of a probe result: the verdict first, then the step that failed, what the
// server sent there, and the fix. Plain text, no colour: it is pasted into issues and chats.
import type { ReceivedResponse, SentRequest } from './http-client'
import type { ProbeResult } from './probe'

const CORS_HEADERS = /^(access-control-|vary$|location$)/

function requestLine(sent: SentRequest): string {
  const lines = [`    ${sent.method} ${sent.url}`]
  for (const [name, value] of Object.entries(sent.headers)) {
    if (name === 'User-Agent' || name.startsWith('Sec-Fetch-')) continue
    lines.push(`      ${name}: ${value}`)
  }
  return lines.join('\n')
}

function responseLines(received: ReceivedResponse): string {
  const lines = [`    ← ${received.status}`]
  let shown = 0
  for (const [name, value] of Object.entries(received.headers)) {
    if (!CORS_HEADERS.test(name)) continue
    for (const v of Array.isArray(value) ? value : [value]) {
      lines.push(`      ${name}: ${v}`)
      shown++
    }
  }
  if (shown === 0) lines.push('      (no CORS headers)')
  return lines.join('\n')
}

/** Formats a result the way `crossway doctor` prints it without `--json`. */
export function formatReport(result: ProbeResult, url: string, origin: string): string {
  const out: string[] = []
  const verdict = result.verdict === 'allowed' ? 'ALLOWED' : 'BLOCKED'
  const method =
    result.actual?.sent.method ?? result.preflight?.sent?.headers['Access-Control-Request-Method'] ?? ''
  out.push(`${verdict}: ${method ? `${method} ` : ''}${url} from a page on ${origin}`)
  out.push('')
  const failedAt =
    result.verdict === 'blocked'
      ? result.actual === null
        ? result.preflight?.sent
          ? 'the preflight'
          : 'before sending (the browser refuses to send it)'
        : 'the response to the request'
      : null
  const preflight = result.preflight
  if (!preflight?.needed) out.push('  preflight: not needed (a CORS-safelisted method and headers)')
  else if (!preflight.sent) out.push('  preflight: answered from the preflight cache')
  else {
    out.push(`  preflight:${failedAt === 'the preflight' ? '  ✗ failed here' : ''}`)
    out.push(requestLine(preflight.sent))
    if (preflight.received) out.push(responseLines(preflight.received))
  }
  if (result.actual) {
    out.push(`  request:${failedAt === 'the response to the request' ? '  ✗ failed here' : ''}`)
    out.push(requestLine(result.actual.sent))
    out.push(responseLines(result.actual.received))
  } else if (result.verdict === 'blocked') {
    out.push(
      `  request: not sent (${failedAt === 'the preflight' ? 'the preflight failed' : 'blocked before sending'})`,
    )
  }
  if (result.problems.length > 0) {
    out.push('')
    out.push(result.problems.length === 1 ? 'Problem:' : 'Problems:')
    for (const p of result.problems) {
      out.push(`  [${p.code}] ${p.message}`)
      out.push(`    fix: ${p.fix}`)
    }
  }
  if (result.warnings.length > 0) {
    out.push('')
    out.push(result.warnings.length === 1 ? 'Warning:' : 'Warnings:')
    for (const w of result.warnings) out.push(`  [${w.code}] ${w.message}`)
  }
  return out.join('\n')
}
