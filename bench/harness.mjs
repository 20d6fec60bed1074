// Process plumbing shared by run.mjs and profile.mjs: pinning, the server child, one raw
// request for verification, one autocannon run with the server's CPU time around it.

import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url))
const SERVER_CORE = '1'
const CLIENT_CORE = '0'

/** The Node flags every server runs with; see server.mjs for why. */
export const SERVER_FLAGS = ['--max-http-header-size=131072', '--expose-gc']

function hasTaskset() {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export const pinning = os.availableParallelism() >= 2 && hasTaskset()

/** Pins this process (all its threads) to the client core: autocannon runs here. */
export function pinSelf() {
  if (!pinning) return false
  execFileSync('taskset', ['-a', '-cp', CLIENT_CORE, String(process.pid)], { stdio: 'ignore' })
  return true
}

/**
 * Starts one server child and waits for its port. `request(cmd)` talks to it over IPC;
 * `close()` ends it and waits for the exit.
 */
export function startServer(framework, variant) {
  const args = [...SERVER_FLAGS, SERVER, framework, variant]
  const child = pinning
    ? spawn('taskset', ['-c', SERVER_CORE, process.execPath, ...args], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
    : spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const pending = new Map()
  let nextId = 0
  child.on('message', (msg) => {
    const waiter = pending.get(msg.id)
    if (waiter) {
      pending.delete(msg.id)
      waiter(msg)
    }
  })
  const request = (cmd, extra) =>
    new Promise((resolve, reject) => {
      const id = ++nextId
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new Error(`${framework}/${variant}: no answer to ${cmd}`))
      }, 15_000)
      pending.set(id, (msg) => {
        clearTimeout(timer)
        resolve(msg)
      })
      child.send({ ...extra, cmd, id })
    })
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.send({ cmd: 'close' })
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${framework}/${variant}: server did not start within 20 s`))
    }, 20_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${framework}/${variant}: server exited with ${code} before listening`))
    })
    child.once('message', (msg) => {
      clearTimeout(timer)
      if (msg.ready) resolve({ framework, variant, port: msg.port, pid: child.pid, request, close })
      else {
        child.kill('SIGKILL')
        reject(new Error(`${framework}/${variant}: ${msg.error}`))
      }
    })
  })
}

/** One request on a fresh connection: status, headers and body, as a browser would see them. */
export function fetchOnce(port, cell) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        method: cell.method,
        headers: cell.headers,
        agent: false,
        timeout: 5000,
        // Peers echo the 100 KB ACRH into ACAH: the client must accept what the server may send.
        maxHeaderSize: 256 * 1024,
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => {
          body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }))
      },
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

/**
 * Warms a server up on every request kind at once (autocannon cycles through `requests` on
 * each connection), so the JIT has seen them all before the first measurement.
 */
export async function warm(server, cells, { duration, connections }) {
  await autocannon({
    url: `http://127.0.0.1:${server.port}/`,
    connections,
    duration,
    requests: cells.map((c) => ({ method: c.method, path: '/', headers: c.headers })),
  })
}

/** CPU time (µs) all processes of the machine have used so far, from /proc/stat; undefined elsewhere. */
function machineBusy() {
  try {
    const fields = readFileSync('/proc/stat', 'latin1').slice(0, 200).split('\n')[0].trim().split(/\s+/)
    const [user, nice, system, , , irq, softirq, steal] = fields.slice(1).map(Number)
    // USER_HZ is 100 on every Linux that Node supports.
    return (user + nice + system + irq + softirq + steal) * 10_000
  } catch {
    return undefined
  }
}

/**
 * Drives one cell against one server for `duration` seconds and returns throughput, status
 * counts and the CPU time the server and this process (the client) used over the run.
 * `foreign` is what every other process of the machine used meanwhile, in cores: on a
 * shared machine it says which samples another job disturbed. `measure: false` only warms up.
 */
export async function load(server, cell, { duration, connections, measure = true }) {
  if (measure) await server.request('begin')
  const machine0 = machineBusy()
  const client0 = process.cpuUsage()
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}/`,
    method: cell.method,
    headers: cell.headers,
    connections,
    pipelining: 1,
    duration,
  })
  if (!measure) return undefined
  const client = process.cpuUsage(client0)
  const machine1 = machineBusy()
  const cpu = await server.request('end')
  const total = result.requests.total
  const cpuMicros = cpu.user + cpu.system
  const clientMicros = client.user + client.system
  const wall = result.duration * 1e6
  const statuses = {}
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statuses[code] = count
  return {
    requests: total,
    seconds: result.duration,
    rps: total / result.duration,
    cpuPerRequest: total > 0 ? cpuMicros / total : Number.NaN,
    // Share of one core the server used: near 1 means the server, not the client, was the bound.
    busy: cpuMicros / wall,
    clientBusy: clientMicros / wall,
    foreign:
      machine0 === undefined
        ? undefined
        : Math.max(0, (machine1 - machine0 - cpuMicros - clientMicros) / wall),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  }
}
