import adapter from '@sveltejs/adapter-node'

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter(),
    // Kit's own CSRF check refuses every cross-origin form post before `handle` runs, the ones
    // from the page the api policy allows included (a 403 without CORS headers: a CORS error in
    // the browser). The api policy's `csrf: true` refuses forged ones instead, on /api, the only
    // routes here that take a body (packages/sveltekit/README.md, "Kit's own CSRF check").
    csrf: { trustedOrigins: ['*'] },
  },
}
