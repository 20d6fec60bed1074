// The `crossway` bin as users run it: the built dist/cli.js in a plain Node process (which also
// proves the ESM build loads), against servers on 127.0.0.1.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from './support/serve'

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))
const built = existsSync(cli)
const title = built
  ? 'crossway (dist/cli.js)'
  : 'crossway: SKIPPED, dist/cli.js missing (run `pnpm build` first)'

function run(args: string[], cwd = fixtures): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

const page = 'http://localhost:5173'

describe.skipIf(!built)(title, () => {
  let base = ''
  let close: () => Promise<void>
  beforeAll(async () => {
    const server = await serve((req, res) => {
      req.resume()
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-origin': page,
          'access-control-allow-methods': 'GET,POST',
          vary: 'Origin',
        })
        return res.end()
      }
      res.writeHead(200, { 'access-control-allow-origin': page, vary: 'Origin' })
      res.end('ok')
    })
    base = `http://127.0.0.1:${server.port}`
    close = server.close
  })
  afterAll(() => close())

  describe('doctor', () => {
    it('exits 0 and says ALLOWED for an allowed request', async () => {
      const r = await run(['doctor', `${base}/a`, '--origin', page])
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^ALLOWED: GET /)
    })

    it('exits 1 with the failing step, what the server sent, and the fix', async () => {
      const r = await run([
        'doctor',
        `${base}/a`,
        '--origin',
        page,
        '--method',
        'DELETE',
        '-H',
        'x-api-key:k',
      ])
      expect(r.code).toBe(1)
      expect(r.stdout).toMatch(/^BLOCKED: DELETE /)
      expect(r.stdout).toContain('preflight:  ✗ failed here')
      expect(r.stdout).toContain('access-control-allow-methods: GET,POST')
      expect(r.stdout).toContain('[method-not-allowed]')
      expect(r.stdout).toContain('fix: List DELETE in Access-Control-Allow-Methods')
    })

    it('--json prints exactly the probe object', async () => {
      const r = await run([
        'doctor',
        `${base}/a`,
        '--origin',
        page,
        '--json',
        '--header',
        'X-Api-Key',
        '--credentials',
      ])
      expect(r.code).toBe(1)
      const json = JSON.parse(r.stdout)
      expect(Object.keys(json)).toEqual(['verdict', 'preflight', 'actual', 'problems', 'warnings'])
      expect(json.verdict).toBe('blocked')
      expect(json.preflight.needed).toBe(true)
      expect(json.preflight.sent.headers['Access-Control-Request-Headers']).toBe('x-api-key')
      expect(json.actual).toBeNull()
      for (const p of json.problems) expect(Object.keys(p)).toEqual(['code', 'message', 'fix'])
      for (const w of json.warnings) expect(Object.keys(w)).toEqual(['code', 'message'])
    })

    it.each([
      [['doctor', 'http://127.0.0.1:1/'], /needs --origin/],
      [['doctor', '--origin', page], /exactly one URL/],
      [['doctor', 'http://127.0.0.1:1/', '--origin', page, '--timeout', 'soon'], /--timeout/],
      [['doctor', 'http://127.0.0.1:1/', '--origin', page, '--nope'], /Unknown option/],
      [['frobnicate'], /unknown command/],
    ])('exits 2 on bad arguments: %j', async (args, reason) => {
      const r = await run(args as string[])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(reason)
    })

    it('exits 2 with the reason when the server cannot be reached', async () => {
      const r = await run(['doctor', 'http://127.0.0.1:1/', '--origin', page, '--json'])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/could not probe: GET http:\/\/127\.0\.0\.1:1\/: connect ECONNREFUSED/)
      expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'network' } })
    })
  })

  describe('check', () => {
    it('prints ok and exits 0 for a valid policy, with non-fatal warnings', async () => {
      const r = await run(['check', './good-policy.mjs'])
      expect(r.code).toBe(0)
      expect(r.stdout).toBe('ok: ./good-policy.mjs#default is a valid Crossway policy\n')
      expect(r.stderr).toMatch(/^warning: maxAge: 86400 is above Chromium's cap/)
    })

    it('prints the CorsConfigError text and exits 1 for an invalid policy', async () => {
      const r = await run(['check', './bad-policy.mjs'])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^crossway: \d+ problems in the CORS policy:/)
      expect(r.stderr).toContain('allowHeaders')
      expect(r.stderr).toContain('https://app.example.com/')
    })

    it('picks a named export after #', async () => {
      expect((await run(['check', './named.mjs#apiPolicy'])).code).toBe(0)
      const broken = await run(['check', './named.mjs#publicPolicy'])
      expect(broken.code).toBe(1)
      expect(broken.stderr).toContain('credentials')
    })

    it('calls a function export and checks what it returns', async () => {
      expect((await run(['check', './factory.mjs'])).stdout).toContain('ok:')
    })

    it('loads CommonJS (module.exports is the default export)', async () => {
      expect((await run(['check', './policy.cjs'])).code).toBe(0)
    })

    it('exits 2 saying what it looked for when there is no policy export', async () => {
      const r = await run(['check', './no-policy.mjs'])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('looked for default, cors, policy')
      expect(r.stderr).toContain('somethingElse')
    })

    it('exits 2 for a missing file', async () => {
      expect((await run(['check', './nope.mjs'])).code).toBe(2)
    })

    it('loads TypeScript only through the user’s loader, and says how', async () => {
      const r = await run(['check', './typed-policy.ts'])
      if (r.code === 0) return // a Node that strips types by itself
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('NODE_OPTIONS="--import tsx"')
    })
  })
})
