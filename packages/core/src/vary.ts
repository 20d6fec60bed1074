/**
 * Merges `Vary` tokens into a response's existing `Vary` value: no duplicates (compared
 * case-insensitively), the existing order kept, and `Vary: *` left alone since it already
 * says the response varies on everything. Accepts whatever a framework's `getHeader` returns.
 *
 * @example
 * res.setHeader('vary', mergeVary(res.getHeader('vary'), decision.vary))
 */
export function mergeVary(
  existing: string | number | readonly string[] | null | undefined,
  add: string | undefined,
): string | undefined {
  const current = existing == null ? '' : Array.isArray(existing) ? existing.join(', ') : String(existing)
  if (add === undefined || add === '') return current === '' ? undefined : current
  if (current === '' || current === add) return current === '' ? add : current
  const present = splitTokens(current)
  if (present.includes('*')) return current
  let merged = current
  for (const token of add.split(',')) {
    const t = token.trim()
    if (t !== '' && !present.includes(t.toLowerCase())) {
      merged += `, ${t}`
      present.push(t.toLowerCase())
    }
  }
  return merged
}

function splitTokens(value: string): string[] {
  const out: string[] = []
  for (const token of value.split(',')) {
    const t = token.trim().toLowerCase()
    if (t !== '') out.push(t)
  }
  return out
}
