import { describe, expect, it } from 'vitest'
import { type CorsConfigError, createCors, isCorsConfigError, originsFromEnv } from '../src/index'

function thrown(value: string | undefined, name?: string): CorsConfigError {
  try {
    originsFromEnv(value, name === undefined ? {} : { name })
  } catch (error) {
    if (isCorsConfigError(error)) return error
    throw error
  }
  throw new Error(`originsFromEnv accepted ${JSON.stringify(value)}`)
}

describe('originsFromEnv', () => {
  it('splits on commas, trims each entry and drops empty ones', () => {
    expect(originsFromEnv('https://a.com')).toEqual(['https://a.com'])
    expect(originsFromEnv(' https://a.com , http://localhost:* ,, https://*.b.com,')).toEqual([
      'https://a.com',
      'http://localhost:*',
      'https://*.b.com',
    ])
    expect(originsFromEnv('https://a.com,\thttps://b.com\n')).toEqual(['https://a.com', 'https://b.com'])
  })

  it('gives a list createCors accepts', () => {
    const origin = originsFromEnv('https://a.com, https://b.com')
    const cors = createCors({ origin, credentials: true })
    const decide = (origin: string) =>
      cors.decide('GET', origin, undefined, undefined, undefined, undefined as never)
    expect(decide('https://b.com')).toMatchObject({ kind: 'actual', allowed: true })
    expect(decide('https://c.com')).toMatchObject({ kind: 'actual', allowed: false })
  })

  it('refuses an unset variable, naming it, never falling back to *', () => {
    const error = thrown(undefined, 'ALLOWED_ORIGINS')
    expect(error.code).toBe('invalid-origin')
    expect(error.issues[0]?.path).toBe('ALLOWED_ORIGINS')
    expect(error.message).toMatch(/^crossway: ALLOWED_ORIGINS is not set; set it to a comma-separated list/)
    expect(error.message).toContain("never means '*'")
    expect(thrown(undefined).message).toContain('the environment variable is not set')
  })

  it.each(['', '   ', ',', ' , ,'])('refuses an empty variable (%j)', (value) => {
    const error = thrown(value, 'ORIGINS')
    expect(error.code).toBe('invalid-origin')
    expect(error.message).toMatch(/^crossway: ORIGINS is empty; set it to a comma-separated list/)
  })

  it('refuses a JSON array with the comma form to write instead', () => {
    const error = thrown('["https://a.com","https://b.com"]', 'ORIGINS')
    expect(error.message).toContain('ORIGINS holds a JSON array')
    expect(error.message).toContain('write the origins comma-separated instead')
  })

  it('refuses a trailing slash or a path, showing the bare origin', () => {
    expect(thrown('https://a.com/', 'ORIGINS').message).toBe(
      'crossway: ORIGINS[0]: "https://a.com/" has a trailing slash, but an origin is only scheme, host and port; write "https://a.com"',
    )
    expect(thrown('https://a.com,https://b.com/app', 'ORIGINS').message).toContain(
      'ORIGINS[1]: "https://b.com/app" has a path, but an origin is only scheme, host and port; write "https://b.com"',
    )
  })

  it('refuses a bare host, showing the https form', () => {
    const error = thrown('app.example.com', 'ORIGINS')
    expect(error.issues[0]?.path).toBe('ORIGINS[0]')
    expect(error.message).toContain('"app.example.com" has no scheme; write "https://app.example.com"')
    expect(thrown('localhost:3000/').message).toContain('write "https://localhost:3000"')
  })

  it('refuses quotes and a * among the entries', () => {
    expect(thrown('"https://a.com"').message).toContain(
      'has quotes around it; write https://a.com without quotes',
    )
    expect(thrown("'https://a.com','https://b.com'").issues).toHaveLength(2)
    expect(thrown('*').message).toContain("write origin: '*' in code")
  })

  it('reports every bad entry at once', () => {
    const error = thrown('a.com, https://b.com/, https://c.com', 'ORIGINS')
    expect(error.issues.map((i) => i.path)).toEqual(['ORIGINS[0]', 'ORIGINS[1]'])
    expect(error.message).toMatch(/^crossway: 2 problems in the CORS policy:/)
  })

  it('passes the literal null and leaves other checks to createCors', () => {
    expect(originsFromEnv('null')).toEqual(['null'])
    expect(originsFromEnv('ftp://a.com')).toEqual(['ftp://a.com'])
    expect(() => createCors({ origin: originsFromEnv('ftp://a.com') })).toThrow(/scheme/)
  })
})
