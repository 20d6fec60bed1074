#!/usr/bin/env node
// The `crossway` bin. Exit status: 0 allowed / valid, 1 blocked / invalid, 2 could not probe or
// load (bad arguments, network error), always with the reason on stderr.
import { parseArgs } from 'node:util'
import { checkPolicy } from './check'
import { DoctorError } from './http-client'
import { probe } from './probe'
import { formatReport } from './report'

const USAGE = `usage:
  crossway doctor <url> --origin <origin> [--method M] [--header name[:value]]... [--credentials]
                  [--body-type <content-type>] [--json] [--timeout ms]
  crossway check <policy-module>[#export]

doctor  asks <url> what a browser's fetch() from a page on <origin> would get, and why.
        Exit 0 allowed, 1 blocked, 2 could not probe.
check   validates a CORS policy module with @crossway/core. Exit 0 valid, 1 invalid, 2 not loaded.
        The export is #name, else default, cors or policy. TypeScript needs your own loader:
        NODE_OPTIONS="--import tsx" crossway check ./cors.config.ts`

function usageError(message: string): number {
  process.stderr.write(`crossway: ${message}\n\n${USAGE}\n`)
  return 2
}

function parseHeader(arg: string): [string, string] {
  const colon = arg.indexOf(':')
  if (colon === -1) return [arg.trim(), 'x']
  return [arg.slice(0, colon).trim(), arg.slice(colon + 1).trim()]
}

async function doctor(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseDoctorArgs>
  try {
    parsed = parseDoctorArgs(args)
  } catch (error) {
    return usageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) return usageError('doctor needs exactly one URL')
  if (!values.origin) return usageError('doctor needs --origin, the origin of the page that calls the URL')
  const timeout = values.timeout === undefined ? 10_000 : Number(values.timeout)
  if (!Number.isInteger(timeout) || timeout <= 0)
    return usageError(`--timeout ${values.timeout} is not a number of milliseconds`)
  const url = positionals[0] as string
  try {
    const result = await probe(url, {
      origin: values.origin,
      method: values.method ?? 'GET',
      headers: (values.header ?? []).map(parseHeader),
      credentials: values.credentials ?? false,
      ...(values['body-type'] !== undefined ? { bodyType: values['body-type'] } : {}),
      timeout,
    })
    process.stdout.write(
      values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatReport(result, url, values.origin)}\n`,
    )
    return result.verdict === 'allowed' ? 0 : 1
  } catch (error) {
    if (!(error instanceof DoctorError)) throw error
    if (values.json)
      process.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`)
    process.stderr.write(`crossway doctor: could not probe: ${error.message}\n`)
    return 2
  }
}

function parseDoctorArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      origin: { type: 'string' },
      method: { type: 'string' },
      header: { type: 'string', multiple: true, short: 'H' },
      credentials: { type: 'boolean' },
      'body-type': { type: 'string' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
    },
  })
}

async function check(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0]?.startsWith('-'))
    return usageError('check needs exactly one policy module')
  const result = await checkPolicy(args[0] as string)
  if (result.exitCode === 2) process.stderr.write(`${result.message}\n`)
  else if (result.ok) process.stdout.write(`${result.message}\n`)
  else process.stderr.write(`${result.message}\n`)
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`)
  return result.exitCode
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return command === undefined ? 2 : 0
  }
  if (command === 'doctor') return doctor(rest)
  if (command === 'check') return check(rest)
  return usageError(`unknown command ${JSON.stringify(command)}`)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    process.stderr.write(`crossway: ${(error as Error).stack ?? error}\n`)
    process.exitCode = 2
  },
)
