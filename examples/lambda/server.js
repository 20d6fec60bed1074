// Serves handler.js locally as a Lambda function URL would call it (payload format 2.0), through
// the bridge in bridge.js: each request becomes a function URL event, each result a response.
// Deployed, the function URL takes this file's place (with its own CORS setting left off).
import { startBridge } from './bridge.js'
import { handler } from './handler.js'

const port = Number(process.env.PORT || 3010)
const host = process.env.HOST || '127.0.0.1'
const { url } = await startBridge(handler, { front: 'function-url', host, port })
console.log(`lambda example (function URL, payload 2.0) on ${url}`)
