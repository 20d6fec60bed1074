// Child process: one server under test. The runner starts it with
// `taskset -c 1 node --max-http-header-size=131072 --expose-gc server.mjs <framework> <variant>`,
// so the server owns one core and the load generator the other; 128 KB headers let the
// 100 KB preflight reach the CORS middleware instead of dying with Node's 431 at 16 KB.
//
// CPU time is reported over the IPC channel, never over HTTP: a side endpoint would be
// served by the very event loop being measured. The profiler is also driven from there
// (not with `--cpu-prof`) so that start-up and warm-up stay out of the profile.

import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector'
import { createApp } from './apps.mjs'

const [framework, variant] = process.argv.slice(2)

if (typeof process.send !== 'function') {
  console.error('server.mjs is started by run.mjs (it needs an IPC channel)')
  process.exit(2)
}

let server
let mark
let session

const post = (method, params) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
  )

process.on('message', (msg) => {
  if (msg.cmd === 'begin') {
    // Garbage left by the previous request kind (100 KB headers above all) is collected
    // here, outside the measurement, instead of in the middle of the next one.
    globalThis.gc?.()
    mark = process.cpuUsage()
    process.send({ id: msg.id, ok: true })
  } else if (msg.cmd === 'end') {
    const used = process.cpuUsage(mark)
    process.send({ id: msg.id, user: used.user, system: used.system })
  } else if (msg.cmd === 'profile-start') {
    session = new Session()
    session.connect()
    post('Profiler.enable')
      .then(() => post('Profiler.start'))
      .then(() => process.send({ id: msg.id, ok: true }))
  } else if (msg.cmd === 'profile-stop') {
    post('Profiler.stop')
      .then(({ profile }) => writeFile(msg.file, JSON.stringify(profile)))
      .then(() => process.send({ id: msg.id, ok: true }))
  } else if (msg.cmd === 'close') {
    server.closeAllConnections?.()
    server.close(() => process.exit(0))
    setTimeout(() => process.exit(0), 2000).unref()
  }
})
// The runner died: do not linger as an orphan holding a port and a core.
process.on('disconnect', () => process.exit(0))

try {
  server = await createApp(framework, variant)
  server.listen(0, '127.0.0.1', () => {
    process.send({ ready: true, port: server.address().port })
  })
} catch (error) {
  process.send({ ready: false, error: String(error?.stack ?? error) })
  process.exit(1)
}
