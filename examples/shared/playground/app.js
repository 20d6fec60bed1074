// The playground page. Requests run in two hidden runner frames, one per page origin, so a
// single page can show what the browser does from an allowed and from a refused origin. Next
// to each browser outcome it shows the CORS headers the probe (a same-origin endpoint of the
// playground server) saw for the same request, and the browser check that failed.
import { explain, preflightFor } from './cors-check.js'
import { scenarios } from './scenarios.js'

const { origins, targets } = await (await fetch('/config.json')).json()
const running = targets.filter((t) => t.url)
const originNames = { allowed: 'allowed origin', other: 'other origin (not allowed)' }

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value)
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value)
  }
  node.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined))
  return node
}

// ---- runner frames ---------------------------------------------------------------------

const pending = new Map()
const readyWaiters = new Map()
window.addEventListener('message', (event) => {
  if (!Object.values(origins).includes(event.origin)) return
  if (event.data?.ready) readyWaiters.get(event.origin)?.()
  else pending.get(event.data?.id)?.(event.data.result)
})

const frames = {}
const frameProblems = {}
await Promise.all(
  Object.entries(origins).map(
    ([key, origin]) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          frameProblems[key] = `the runner frame on ${origin} did not load`
          resolve()
        }, 10_000)
        readyWaiters.set(origin, () => {
          clearTimeout(timer)
          resolve()
        })
        frames[key] = h('iframe', {
          src: `${origin}/runner.html`,
          class: 'runner',
          title: `runner on ${origin}`,
        })
        document.body.append(frames[key])
      }),
  ),
)

function normalise(request) {
  return {
    from: request.from ?? 'allowed',
    // 'cross-site' (default): http://127.0.0.1:<port>; 'same-site': http://localhost:<port>.
    to: request.to ?? 'cross-site',
    method: request.method ?? 'GET',
    path: request.path,
    headers: request.headers ?? {},
    body: request.body,
    credentials: request.credentials ?? 'same-origin',
  }
}

const urlFor = (target, r) => (r.to === 'same-site' ? target.sameSiteUrl : target.url)

/** Runs `fetch` in the runner frame of `request.from` and resolves with what the page saw. */
function send(target, request) {
  const r = normalise(request)
  if (frameProblems[r.from]) return Promise.resolve({ outcome: 'error', error: frameProblems[r.from] })
  const init = { method: r.method, headers: r.headers, credentials: r.credentials }
  if (r.body && r.method !== 'GET' && r.method !== 'HEAD') init.body = r.body
  const id = crypto.randomUUID()
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id)
      resolve({ outcome: 'error', error: 'the runner frame did not answer within 20 s' })
    }, 20_000)
    pending.set(id, (result) => {
      clearTimeout(timer)
      pending.delete(id)
      resolve(result)
    })
    frames[r.from].contentWindow.postMessage({ id, url: urlFor(target, r) + r.path, init }, origins[r.from])
  })
}

async function postProbe(target, r, preflight) {
  const response = await fetch('/__probe', {
    method: 'POST',
    body: JSON.stringify({
      target: target.name,
      path: r.path,
      method: r.method,
      headers: r.headers,
      body: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body,
      origin: origins[r.from],
      preflight,
    }),
  })
  return response.json()
}

/** The browser's outcome, the headers the probe saw for the same request, and the verdict. */
async function attempt(target, request) {
  const r = normalise(request)
  const browser = await send(target, r)
  const preflight = preflightFor(r.method, r.headers)
  const probe = await postProbe(target, r, preflight)
  probe.preflightHeaders = preflight?.headers
  const why = probe.actual ? explain({ ...r, origin: origins[r.from] }, probe) : { reason: probe.error }
  return { request: { ...r, origin: origins[r.from], url: urlFor(target, r) + r.path }, browser, probe, why }
}

async function stats(target) {
  const response = await fetch(`/__stats?target=${encodeURIComponent(target.name)}`)
  return response.json()
}

// ---- rendering -------------------------------------------------------------------------

function headerList(headers) {
  const entries = Object.entries(headers ?? {})
  if (entries.length === 0) return h('div', { class: 'none' }, 'no CORS headers')
  return h(
    'dl',
    { class: 'headers' },
    entries.map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]),
  )
}

function browserView(b) {
  if (b.outcome === 'readable') {
    return h(
      'div',
      { class: 'readable' },
      h('strong', {}, `readable · ${b.status}`),
      h('div', { class: 'small' }, 'headers the page can read:'),
      headerList(b.headers),
      h('pre', {}, b.body),
    )
  }
  return h('div', { class: b.outcome }, h('strong', {}, b.outcome), h('div', { class: 'small' }, b.error))
}

function exchangeView(title, x) {
  if (!x) return h('div', { class: 'none' }, `${title}: none sent`)
  if (x.error) return h('div', { class: 'error' }, `${title}: ${x.error}`)
  return h('div', {}, h('strong', {}, `${title} · ${x.status}`), headerList(x.headers))
}

function attemptView(a) {
  const r = a.request
  return h(
    'div',
    { class: 'attempt' },
    h(
      'div',
      { class: 'request-line' },
      `${r.method} ${r.url ?? r.path} · from ${r.origin} · credentials: ${r.credentials}`,
      Object.keys(r.headers).length ? ` · ${Object.keys(r.headers).join(', ')}` : '',
    ),
    a.note ? h('div', { class: 'note' }, a.note) : null,
    h(
      'div',
      { class: 'columns' },
      h('section', {}, h('h4', {}, 'What the browser did'), browserView(a.browser)),
      a.probe
        ? h(
            'section',
            {},
            // Replayed by the playground server: when a preflight fails, the browser never
            // sends the request itself, but what the server would answer still explains a lot.
            h('h4', {}, 'What the server answers (replayed by the playground server)'),
            exchangeView('preflight OPTIONS', a.probe.preflight),
            exchangeView(r.method, a.probe.actual),
          )
        : null,
    ),
    a.why ? h('p', { class: a.why.blocked ? 'why blocked' : 'why' }, a.why.reason) : null,
  )
}

function showDetails(title, attempts) {
  const panel = document.getElementById('details')
  panel.replaceChildren(h('h3', {}, title), ...attempts.map(attemptView))
  panel.scrollIntoView({ behavior: 'smooth', block: 'nearest' })
}

// ---- the grid --------------------------------------------------------------------------

const cells = new Map()
const grid = document.getElementById('grid')

function buildGrid() {
  const head = h(
    'tr',
    {},
    h('th', {}, 'Example'),
    scenarios.map((s) =>
      h(
        'th',
        { scope: 'col' },
        h('div', { class: 'title' }, s.title),
        h('div', { class: 'note' }, s.note),
        h('div', { class: 'expect' }, `expect: ${s.expect}`),
        h('div', { class: 'needs' }, `needs: ${s.needs}`),
      ),
    ),
  )
  const rows = targets.map((t) => {
    const label = h('th', { scope: 'row' }, t.label, h('div', { class: 'small' }, t.url ?? 'not running'))
    if (!t.url) {
      return h(
        'tr',
        { 'data-target': t.name, class: 'missing' },
        label,
        h('td', { colspan: scenarios.length }, `skipped: ${t.reason}`),
      )
    }
    return h(
      'tr',
      { 'data-target': t.name },
      label,
      scenarios.map((s) => {
        const cell = h('td', { 'data-target': t.name, 'data-scenario': s.id, 'data-state': 'idle' }, '·')
        cells.set(`${t.name}/${s.id}`, cell)
        return cell
      }),
    )
  })
  grid.replaceChildren(h('thead', {}, head), h('tbody', {}, rows))
}

async function runCell(scenario, target) {
  const cell = cells.get(`${target.name}/${scenario.id}`)
  cell.dataset.state = 'running'
  cell.textContent = '…'
  const attempts = []
  const context = {
    attempt: async (request) => {
      const a = await attempt(target, request)
      attempts.push(a)
      return a
    },
    send: (request) => send(target, request),
    stats: () => stats(target),
  }
  let result
  try {
    result = await scenario.run(context)
  } catch (error) {
    result = { match: false, summary: `error: ${error.message}` }
  }
  const shown = result.attempts ?? attempts
  cell.dataset.state = 'done'
  cell.dataset.match = result.match ? 'yes' : 'no'
  cell.dataset.outcome = shown.at(-1)?.browser.outcome ?? 'error'
  cell.replaceChildren(h('span', { class: 'icon' }, result.match ? '✓' : '✗'), ' ', result.summary)
  cell.title = `${target.label} · ${scenario.title}: click for the headers`
  cell.onclick = () => showDetails(`${target.label} · ${scenario.title}`, shown)
}

async function runGrid() {
  const button = document.getElementById('run-grid')
  const status = document.getElementById('grid-status')
  button.disabled = true
  grid.dataset.state = 'running'
  buildGrid()
  // Column by column, every example at once, so slow columns (the 6 s cache check) overlap.
  for (const [i, scenario] of scenarios.entries()) {
    status.textContent = `running ${i + 1}/${scenarios.length}: ${scenario.title}…`
    if (scenario.serial) for (const t of running) await runCell(scenario, t)
    else await Promise.all(running.map((t) => runCell(scenario, t)))
  }
  const all = [...cells.values()]
  const wrong = all.filter((c) => c.dataset.match === 'no').length
  status.textContent = wrong
    ? `${wrong} of ${all.length} cells differ from the policy: click one to see why.`
    : `all ${all.length} cells match the policy.`
  status.className = wrong ? 'bad' : 'good'
  grid.dataset.state = 'done'
  button.disabled = false
}

// ---- your own request ------------------------------------------------------------------

function parseHeaders(text) {
  const headers = {}
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return headers
}

async function sendCustom(event) {
  event.preventDefault()
  const form = new FormData(event.target)
  const request = {
    from: form.get('from'),
    method: form.get('method'),
    path: form.get('path'),
    headers: parseHeaders(form.get('headers')),
    body: form.get('body'),
    credentials: form.get('credentials'),
    // With cookies, call the examples on the page's own site, as the grid's cookie column
    // does: across sites the browser's third-party-cookie setting would decide, not the policy.
    to: form.get('credentials') === 'include' ? 'same-site' : 'cross-site',
  }
  const out = document.getElementById('custom-results')
  out.replaceChildren(h('p', {}, 'sending…'))
  const results = await Promise.all(running.map((t) => attempt(t, request)))
  out.replaceChildren(
    ...running.map((t, i) =>
      h(
        'details',
        { open: true, class: results[i].browser.outcome },
        h('summary', {}, `${t.label}: ${results[i].browser.outcome}`, ' — ', results[i].why.reason),
        attemptView(results[i]),
      ),
    ),
  )
}

// ---- start -----------------------------------------------------------------------------

const here = location.origin
document
  .getElementById('origin-note')
  .replaceChildren(
    `This page: ${here}. The policy allows ${origins.allowed} and refuses ${origins.other}; `,
    'each request below runs from the origin you pick, in a frame of that origin.',
  )
for (const [key, problem] of Object.entries(frameProblems)) {
  document.getElementById('origin-note').append(h('div', { class: 'bad' }, `${originNames[key]}: ${problem}`))
}
document.getElementById('run-grid').addEventListener('click', runGrid)
document.getElementById('request-form').addEventListener('submit', sendCustom)
buildGrid()
document.body.dataset.ready = 'true'
