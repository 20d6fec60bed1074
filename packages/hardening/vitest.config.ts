import { crosswayProject } from '../../vitest.shared.ts'

const project = crosswayProject('hardening', { testTimeout: 60_000 })
// The fuzzed values must reach the CORS code, not die in Node's HTTP parser: by default Node
// answers 431 to headers over 16 KB and 400 to control bytes in a value, before any
// middleware runs. These flags apply to the whole worker because the adapters' own test
// harnesses create their servers without options; the soak's server is a separate process
// started with the defaults a production server has.
project.test!.pool = 'forks'
project.test!.execArgv = ['--max-http-header-size=2097152', '--insecure-http-parser', '--no-warnings']

export default project
