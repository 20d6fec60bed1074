import { runConformance } from '@crossway/conformance'
import { lambdaHarness } from './harness'

// The three front doors: payload 1.0 (REST API) and 2.0 (HTTP API, function URL), over HTTP.
runConformance(lambdaHarness('rest-api'))
runConformance(lambdaHarness('http-api'))
runConformance(lambdaHarness('function-url'))
