#!/usr/bin/env node
// Why one own property costs microseconds on Express and nanoseconds on Koa or Fastify.
//
// Express gives every request and response its app's prototype (`Object.setPrototypeOf(req,
// app.request)`, the same for `res`, in `app.handle`). V8 does not cache the hidden-class
// transitions of an object whose prototype was swapped, so every property added to it
// afterwards builds a new hidden class for that one object. Koa and Fastify leave Node's
// objects as they are, and the same property lands on a cached transition.
//
// Per-response `Vary` keeping (issue 11: "one mechanism, per response, no prototype patching")
// is one own `setHeader` on the response, so on Express it pays this once a request. This
// script measures the price on Node's own objects, with no framework and no CORS code:
//
//   node bench/hidden-class.mjs
import { IncomingMessage, ServerResponse } from 'node:http'

const appResponse = Object.create(ServerResponse.prototype) // what express() makes per app
const N = 200_000

function bench(label, make) {
  for (let i = 0; i < 20_000; i++) make()
  const start = process.cpuUsage()
  for (let i = 0; i < N; i++) make()
  const used = process.cpuUsage(start)
  return { label, ns: ((used.user + used.system) * 1000) / N }
}

function setHeaderKept(name, value) {
  return Object.getPrototypeOf(this).setHeader.call(this, name, value)
}

const response = () => new ServerResponse(new IncomingMessage(null))
const measure = () => [
  bench('new response', () => response()),
  bench('+ one own property (Koa, Fastify)', () => {
    const res = response()
    res.setHeader = setHeaderKept
  }),
  bench('new response, prototype swapped (Express)', () => Object.setPrototypeOf(response(), appResponse)),
  bench('+ one own property after the swap (Express)', () => {
    const res = Object.setPrototypeOf(response(), appResponse)
    res.setHeader = setHeaderKept
  }),
]
measure() // the first pass also pays for compiling and growing the heap
const rows = measure()
for (const { label, ns } of rows) console.log(`${label.padEnd(46)} ${ns.toFixed(0).padStart(6)} ns`)
const plain = rows[1].ns - rows[0].ns
const swapped = rows[3].ns - rows[2].ns
console.log(
  `\none own property: ${plain.toFixed(0)} ns on a plain response, ${swapped.toFixed(0)} ns after the swap`,
)
