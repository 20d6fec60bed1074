import { createCors } from '@crossway/core'
import type { Harness } from '../src/index'
import { createWebApp, fromWebResponse, runConformance, toWebRequest, webPathSkips } from '../src/index'

/** The same table in-process: real `Request` objects through `cors.handle`, no socket. */
const harness: Harness = {
  name: 'core: Web path in-process',
  inProcess: true,
  skip: webPathSkips,
  start: async (policy, routes) => {
    const cors = createCors(policy)
    const app = createWebApp(routes)
    return {
      send: async (request) => {
        // A rejected `handle` is what a fetch runtime turns into its own 500 page.
        const response = await cors
          .handle(toWebRequest(request), app)
          .catch(() => new Response('Internal Server Error', { status: 500 }))
        return fromWebResponse(response)
      },
      close: async () => {},
    }
  },
}

runConformance(harness)
