import { describe, expect, it } from 'vitest'
import { compilePolicy } from '../src/compile'
import { CorsConfigError, createCors, isCorsConfigError, validateOptions } from '../src/index'

function codes(options: unknown) {
  return validateOptions(options).map((i) => [i.code, i.path])
}

function thrown(options: unknown): CorsConfigError {
  try {
    createCors(options as never)
  } catch (error) {
    if (isCorsConfigError(error)) return error
    throw error
  }
  throw new Error('createCors accepted the policy')
}

describe('validateOptions — every code of semantics.md §3', () => {
  it('accepts the defaults and a full valid policy', () => {
    expect(validateOptions(undefined)).toEqual([])
    expect(validateOptions({})).toEqual([])
    expect(
      validateOptions({
        origin: [
          'https://a.com',
          'http://localhost:*',
          'https://*.example.com:*',
          /^https:\/\/b\.com$/,
          'null',
        ],
        methods: 'GET, PUT,patch',
        allowedHeaders: ['Content-Type', 'x-http-method-override'],
        exposedHeaders: '*',
        maxAge: 0,
        optionsSuccessStatus: 200,
        preflightContinue: true,
        privateNetwork: true,
        debug: true,
        onReject: () => {},
      }),
    ).toEqual([])
  })

  it.each([
    ['allowHeaders', 'allowedHeaders'],
    ['exposeHeaders', 'exposedHeaders'],
    ['maxage', 'maxAge'],
    ['allowMethods', 'methods'],
    ['MaxAge', 'maxAge'],
    ['privateNetworkAccess', 'privateNetwork'],
  ])('unknown-option %s suggests %s', (wrong, right) => {
    const [issue] = validateOptions({ [wrong]: 1 })
    expect(issue).toMatchObject({ code: 'unknown-option', path: wrong })
    expect(issue?.message).toBe(`crossway: ${wrong}: is not a Crossway option; write ${right}`)
  })

  it('unknown-option without a close name lists the options', () => {
    expect(validateOptions({ frobnicate: true })[0]?.message).toContain('the options are origin, methods')
  })

  it.each([
    [{ origin: true }, 'origin', 'reflect every origin'],
    [{ origin: false }, 'origin', 'do not install'],
    [{ origin: null }, 'origin', 'not a valid origin option'],
    [{ origin: 42 }, 'origin', 'not a valid origin option'],
    [{ origin: ['https://a.com', 7] }, 'origin[1]', 'expected an origin string'],
    [{ credentials: 'yes' }, 'credentials', 'expected true or false'],
    [{ optionsSuccessStatus: '204' }, 'optionsSuccessStatus', 'expected a number'],
    [{ methods: 5 }, 'methods', 'expected an array'],
    [{ allowedHeaders: ['x-a', 1] }, 'allowedHeaders[1]', 'expected a string'],
    [{ preflightContinue: 1 }, 'preflightContinue', 'true or false'],
    [{ privateNetwork: 'true' }, 'privateNetwork', 'true or false'],
    [{ debug: null }, 'debug', 'true or false'],
    [{ onReject: 'log' }, 'onReject', 'expected a function'],
  ])('invalid-option-type %j at %s', (options, path, text) => {
    const [issue] = validateOptions(options)
    expect(issue).toMatchObject({ code: 'invalid-option-type', path })
    expect(issue?.message).toContain(text)
  })

  it('rejects a non-object policy', () => {
    expect(codes('https://a.com')).toEqual([['invalid-option-type', 'options']])
    expect(codes(null)).toEqual([['invalid-option-type', 'options']])
    expect(codes([])).toEqual([['invalid-option-type', 'options']])
  })

  it.each([
    ['', 'is empty'],
    ['https://a.com/', 'write "https://a.com"'],
    ['https://a.com/api', 'has a path'],
    ['https://a.com?x=1', 'has a query'],
    ['https://a.com#top', 'has a fragment'],
    ['https://user@a.com', 'write "https://a.com"'],
    ['example.com', 'write "https://example.com"'],
    ['*.example.com', 'has no scheme'],
    ['ftp://a.com', 'only http and https'],
    ['file://', 'only http and https'],
    ['https://a.com:99999', 'invalid port'],
    ['https://a.com:', 'invalid port'],
    ['https://ex*.com', 'whole leading label'],
    ['https://a.*.com', 'whole leading label'],
    ['https://a.com:8*', 'invalid port'],
    ['https://a b.com', 'in its host'],
    ['https://a.com\\evil.com', 'in its host'],
    ['https://a%2ecom', 'in its host'],
    ['https://[::1', 'unclosed IPv6'],
    ['https://', 'has no host'],
    ['NULL', 'has no scheme'],
  ])('invalid-origin %j', (origin, text) => {
    const [issue] = validateOptions({ origin })
    expect(issue?.code).toBe('invalid-origin')
    expect(issue?.message).toContain(text)
  })

  it('invalid-origin for an empty array and for * inside an array', () => {
    expect(codes({ origin: [] })).toEqual([['invalid-origin', 'origin']])
    expect(codes({ origin: ['https://a.com', '*'] })).toEqual([['invalid-origin', 'origin[1]']])
  })

  it.each([
    ['https://*.com', 'wildcard directly over "com"'],
    [/example\.com/, 'not anchored'],
    [/^https:\/\/a\.com\$/, 'not anchored'],
    [/^https:\/\/a\.com$/g, 'the g flag'],
    [/^https:\/\/a\.com$/y, 'the y flag'],
  ])('unsafe-origin %s', (origin, text) => {
    const [issue] = validateOptions({ origin: [origin] })
    expect(issue).toMatchObject({ code: 'unsafe-origin', path: 'origin[0]' })
    expect(issue?.message).toContain(text)
  })

  it('accepts an end anchor preceded by an escaped backslash', () => {
    expect(validateOptions({ origin: /^https:\/\/a\.com\\$/ })).toEqual([])
  })

  it('credentials conflicts point at credentials', () => {
    expect(codes({ credentials: true })).toEqual([['credentials-with-wildcard', 'credentials']])
    expect(codes({ origin: '*', credentials: true })).toEqual([['credentials-with-wildcard', 'credentials']])
    expect(codes({ origin: 'https://a.com', exposedHeaders: '*', credentials: true })).toEqual([
      ['credentials-with-wildcard', 'credentials'],
    ])
    expect(codes({ origin: ['https://a.com', 'null'], credentials: true })).toEqual([
      ['credentials-with-null-origin', 'credentials'],
    ])
    expect(codes({ origin: 'null', credentials: true })).toEqual([
      ['credentials-with-null-origin', 'credentials'],
    ])
  })

  it.each([
    [{ methods: ['GET', 'GE T'] }, 'methods[1]'],
    [{ methods: ['connect'] }, 'methods[0]'],
    [{ methods: 'GET,TRACE' }, 'methods'],
    [{ methods: ['TRACK'] }, 'methods[0]'],
    [{ methods: ['*', 'GET'] }, 'methods[0]'],
  ])('invalid-method %j', (options, path) => {
    expect(codes(options)).toEqual([['invalid-method', path]])
  })

  it.each([
    [{ allowedHeaders: ['x ok'] }, 'allowedHeaders[0]'],
    [{ allowedHeaders: ['Cookie'] }, 'allowedHeaders[0]'],
    [{ allowedHeaders: ['x-a', 'sec-fetch-mode'] }, 'allowedHeaders[1]'],
    [{ allowedHeaders: ['Proxy-Authorization'] }, 'allowedHeaders[0]'],
    [{ allowedHeaders: ['access-control-request-method'] }, 'allowedHeaders[0]'],
    [{ allowedHeaders: 'host' }, 'allowedHeaders'],
    [{ allowedHeaders: ['*', 'x-a'] }, 'allowedHeaders[0]'],
    [{ exposedHeaders: ['Set-Cookie'] }, 'exposedHeaders[0]'],
    [{ exposedHeaders: ['x-a', 'set-cookie2'] }, 'exposedHeaders[1]'],
    [{ exposedHeaders: ['bad name'] }, 'exposedHeaders[0]'],
  ])('invalid-header-name %j', (options, path) => {
    expect(codes(options)).toEqual([['invalid-header-name', path]])
  })

  it('allows Fetch value-dependent names such as x-http-method-override', () => {
    expect(validateOptions({ allowedHeaders: ['x-http-method-override', 'authorization'] })).toEqual([])
  })

  it.each([[-1], [1.5], [Number.NaN], ['600'], [86401], [Number.POSITIVE_INFINITY]])(
    'invalid-max-age %s',
    (maxAge) => {
      expect(codes({ maxAge })).toEqual([['invalid-max-age', 'maxAge']])
    },
  )

  it.each([[199], [300], [204.5], [404]])('invalid-status %s', (optionsSuccessStatus) => {
    expect(codes({ optionsSuccessStatus })).toEqual([['invalid-status', 'optionsSuccessStatus']])
  })

  it('reports every issue: unknown names, then options in §2 order, then conflicts', () => {
    expect(
      codes({
        maxAge: -1,
        origin: ['https://a.com/', 'null'],
        allowHeaders: [],
        methods: ['TRACE'],
        credentials: true,
      }),
    ).toEqual([
      ['unknown-option', 'allowHeaders'],
      ['invalid-origin', 'origin[0]'],
      ['invalid-method', 'methods[0]'],
      ['invalid-max-age', 'maxAge'],
      ['credentials-with-null-origin', 'credentials'],
    ])
  })
})

describe('CorsConfigError', () => {
  it('carries the first code, every issue, and a message that says what to write', () => {
    const error = thrown({ origin: 'https://a.com/', maxage: 5 })
    expect(error).toBeInstanceOf(CorsConfigError)
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('CorsConfigError')
    expect(error.code).toBe('unknown-option')
    expect(error.issues.map((i) => i.code)).toEqual(['unknown-option', 'invalid-origin'])
    expect(error.message).toContain('2 problems')
    expect(error.message).toContain('write "https://a.com"')
    for (const issue of error.issues) expect(issue.message.startsWith('crossway: ')).toBe(true)
  })

  it('a single issue is the whole message', () => {
    const error = thrown({ origin: 'https://a.com/' })
    expect(error.message).toBe(
      'crossway: origin: "https://a.com/" has a trailing slash; an origin is scheme, host and port only; write "https://a.com"',
    )
  })

  it('names the context when one is given', () => {
    try {
      createCors({ origin: true } as never, { context: 'CatsController.findAll' })
      expect.unreachable()
    } catch (error) {
      expect((error as Error).message.startsWith('crossway (CatsController.findAll): origin:')).toBe(true)
    }
  })

  it('isCorsConfigError recognises a copy from another module instance by its brand', () => {
    const foreign = { [Symbol.for('crossway.CorsConfigError')]: true, code: 'invalid-origin' }
    expect(isCorsConfigError(foreign)).toBe(true)
    expect(isCorsConfigError(new Error('x'))).toBe(false)
    expect(isCorsConfigError(null)).toBe(false)
    expect(isCorsConfigError('crossway')).toBe(false)
  })
})

describe('list options: one reader for validation and compilation (§9)', () => {
  it.each([' * ', '*,', [' *'], ['*', ''], ['\t*\t']])(
    'exposedHeaders %j is the wildcard, refused with credentials',
    (exposedHeaders) => {
      expect(codes({ origin: 'https://a.com', credentials: true, exposedHeaders })).toEqual([
        ['credentials-with-wildcard', 'credentials'],
      ])
      expect(validateOptions({ exposedHeaders })).toEqual([])
      expect(compilePolicy({ exposedHeaders: exposedHeaders as string }).exposedHeadersValue).toBe('*')
    },
  )

  it('compiles trimmed names and drops empty ones', () => {
    const policy = compilePolicy({ allowedHeaders: [' x-a ', '', 'x-b'], methods: 'GET, ,PUT,' })
    expect(policy.allowedHeadersValue).toBe('x-a,x-b')
    expect(policy.methodsValue).toBe('GET,PUT')
  })

  it("'*' mixed with names is an error at the path as written", () => {
    expect(codes({ methods: ['GET', ' * '] })).toEqual([['invalid-method', 'methods[1]']])
    expect(codes({ allowedHeaders: 'x-a, *' })).toEqual([['invalid-header-name', 'allowedHeaders']])
  })

  it('forbidden methods match case-insensitively', () => {
    expect(codes({ methods: [' connect', 'Trace'] })).toEqual([
      ['invalid-method', 'methods[0]'],
      ['invalid-method', 'methods[1]'],
    ])
  })
})

describe('configs read from environment variables (§9)', () => {
  it.each([
    ['https://a.com,https://b.com', "value.split(',').map((s) => s.trim())"],
    ['https://a.com, https://b.com', "value.split(',').map((s) => s.trim())"],
    ['["https://a.com"]', 'JSON.parse(value)'],
    [' https://b.com', 'write "https://b.com"'],
    ['https://b.com\n', 'trim it'],
  ])('%j is invalid-origin with a message that says %s', (origin, text) => {
    const [issue] = validateOptions({ origin })
    expect(issue).toMatchObject({ code: 'invalid-origin', path: 'origin' })
    expect(issue?.message).toContain(text)
    expect(issue?.message).not.toContain('scheme')
  })

  it('an entry of an array is told to trim too', () => {
    expect(validateOptions({ origin: ['https://a.com', ' https://b.com'] })[0]).toMatchObject({
      code: 'invalid-origin',
      path: 'origin[1]',
    })
  })

  it('origin: undefined written explicitly is the default, and the conflict says it was undefined', () => {
    expect(validateOptions({ origin: undefined })).toEqual([])
    const [issue] = validateOptions({ origin: undefined, credentials: true })
    expect(issue).toMatchObject({ code: 'credentials-with-wildcard', path: 'credentials' })
    expect(issue?.message).toContain('origin is undefined (an unset environment variable?)')
    expect(validateOptions({ credentials: true })[0]?.message).toContain("origin '*'")
  })

  it('origin: true points to safe patterns for dev tools and warns about () => true', () => {
    const message = validateOptions({ origin: true })[0]?.message
    expect(message).toContain('http://localhost:*')
    expect(message).toContain('() => true')
  })
})

describe('unknown options that must not widen the policy (§9)', () => {
  it('says "remove it" when the suggested name is also present', () => {
    const [issue] = validateOptions({ origins: ['https://a.com'], origin: '*' })
    expect(issue).toMatchObject({ code: 'unknown-option', path: 'origins' })
    expect(issue?.message).toContain('origin is already set; remove it')
    expect(issue?.message).not.toContain('write origin')
  })

  it.each([
    ['keepHeadersOnError', 'always keeps CORS headers on error responses; remove it'],
    ['secureContext', 'remove it'],
    ['preflight', 'preflightContinue: true'],
    ['strictPreflight', 'remove it'],
  ])('%s gets a specific message', (key, text) => {
    const [issue] = validateOptions({ [key]: true })
    expect(issue).toMatchObject({ code: 'unknown-option', path: key })
    expect(issue?.message).toContain(text)
  })

  it('allowPrivateNetwork beside privateNetwork is "remove it"', () => {
    expect(validateOptions({ allowPrivateNetwork: true, privateNetwork: true })[0]?.message).toContain(
      'privateNetwork is already set; remove it',
    )
  })

  it('a credentials function is invalid-option-type: two policies on two routes', () => {
    const [issue] = validateOptions({ origin: 'https://a.com', credentials: () => true })
    expect(issue).toMatchObject({ code: 'invalid-option-type', path: 'credentials' })
    expect(issue?.message).toContain('two policies on two routers/routes')
  })
})

describe('issue order and paths (§9)', () => {
  it('single-option problems in §2 order, conflicts after; code is the first issue', () => {
    const options = {
      exposedHeaders: ['x-a', 'set-cookie'],
      credentials: true,
      origin: ['https://a.com', /a\.com/, 'https://*.co.uk'],
      methods: ['GET', 'TRACE'],
      allowedHeaders: ['cookie'],
    }
    expect(codes(options)).toEqual([
      ['unsafe-origin', 'origin[1]'],
      ['unsafe-origin', 'origin[2]'],
      ['invalid-method', 'methods[1]'],
      ['invalid-header-name', 'allowedHeaders[0]'],
      ['invalid-header-name', 'exposedHeaders[1]'],
    ])
    expect(thrown({ ...options, exposedHeaders: ' * ', origin: '*' }).code).toBe('invalid-method')
    expect(codes({ ...options, exposedHeaders: ' * ', origin: '*' }).slice(-2)).toEqual([
      ['credentials-with-wildcard', 'credentials'],
      ['credentials-with-wildcard', 'credentials'],
    ])
  })
})
