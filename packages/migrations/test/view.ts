import type { ConformanceResponse } from '@crossway/conformance'
import { varyTokens } from '@crossway/conformance'

/** What the comparison looks at: the status, the body, the CORS headers and `Vary`, lists as sorted tokens. */
export interface View {
  status: number
  body: string
  allow?: string
  acao?: string
  acac?: string
  acam?: string[]
  acah?: string[]
  aceh?: string[]
  acma?: string
  vary: string[]
}

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean)
        .sort()

export function view(response: ConformanceResponse): View {
  const h = response.headers
  // Error pages print stack traces, which differ between the two files: compare their status only.
  const body = response.status >= 500 ? '' : response.body
  const v: View = { status: response.status, body, vary: varyTokens(h.vary) }
  if (h.allow !== undefined) v.allow = h.allow
  if (h['access-control-allow-origin'] !== undefined) v.acao = h['access-control-allow-origin']
  if (h['access-control-allow-credentials'] !== undefined) v.acac = h['access-control-allow-credentials']
  if (h['access-control-allow-methods'] !== undefined) v.acam = list(h['access-control-allow-methods'])
  if (h['access-control-allow-headers'] !== undefined) v.acah = list(h['access-control-allow-headers'])
  if (h['access-control-expose-headers'] !== undefined) v.aceh = list(h['access-control-expose-headers'])
  if (h['access-control-max-age'] !== undefined) v.acma = h['access-control-max-age']
  return v
}
