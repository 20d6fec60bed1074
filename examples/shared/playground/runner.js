// Runs fetches for the playground page from this frame's origin: the page embeds one runner
// per page origin (allowed and not allowed) so a single grid can show both. Only the two
// playground origins may ask.
const { origins } = await (await fetch('/config.json')).json()
const parents = new Set(Object.values(origins))

/** Fetches like page code does and reports what a script could see: the response or a block. */
async function runFetch(url, init) {
  try {
    // No `cache: 'no-store'`: Chromium would then bypass its preflight cache as well, and the
    // max-age column could never pass. The examples send no caching headers.
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) })
    const headers = {}
    // Only CORS-safelisted and exposed headers are visible here: that is the point.
    for (const [name, value] of response.headers) headers[name] = value
    const body = (await response.text()).slice(0, 400)
    return { outcome: 'readable', status: response.status, headers, body }
  } catch (error) {
    const timedOut = error.name === 'TimeoutError'
    return { outcome: timedOut ? 'error' : 'blocked', error: `${error.name}: ${error.message}` }
  }
}

window.addEventListener('message', async (event) => {
  if (!parents.has(event.origin) || typeof event.data?.id !== 'string') return
  const result = await runFetch(event.data.url, event.data.init)
  event.source.postMessage({ id: event.data.id, result }, event.origin)
})
if (window.parent !== window) window.parent.postMessage({ ready: location.origin }, '*')
