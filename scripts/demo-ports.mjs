// Runs before `pnpm demo` builds anything (about a minute): fails at once when a port the demo
// needs is taken, instead of after the build. The same ports and check as scripts/demo.mjs.
import { EXAMPLES, portInUse } from '../examples/shared/launch.js'

const pagePort = Number(process.env.PAGE_PORT || 5173)
const firstExamplePort = Number(process.env.EXAMPLES_PORT || 3001)
const ports = [pagePort, pagePort + 1, ...EXAMPLES.map((_, i) => firstExamplePort + i)]

const busy = []
for (const port of ports) if (await portInUse(port)) busy.push(port)
if (busy.length > 0) {
  console.error(
    `demo: port(s) ${busy.join(', ')} already in use on 127.0.0.1 (another demo?). ` +
      'Stop it, or pick others: PAGE_PORT=6173 EXAMPLES_PORT=4001 npx -y pnpm@10 demo',
  )
  process.exit(1)
}
