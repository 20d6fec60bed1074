import { createRequire } from 'node:module'
import { dirname, posix } from 'node:path'
import { defineConfig } from 'vitepress'

const vueDir = dirname(createRequire(import.meta.url).resolve('vue/package.json'))
const REPO = 'https://github.com/crossway-dev/crossway'

/**
 * The pages are the Markdown files in ../docs, which are also read on GitHub: a link from
 * them to a file outside docs/ (`../packages/doctor`) is right there and dead here, so it is
 * pointed at the repository instead. Every other relative link must resolve to a page:
 * VitePress fails the build on a dead one (`ignoreDeadLinks` is left off). External links
 * are never fetched.
 */
function repoLinks(md: any) {
  md.core.ruler.push('crossway-repo-links', (state: any) => {
    const page: string = state.env?.relativePath ?? ''
    const walk = (tokens: any[]) => {
      for (const token of tokens) {
        if (token.children) walk(token.children)
        if (token.type !== 'link_open' && token.type !== 'image') continue
        const attr = token.type === 'image' ? 'src' : 'href'
        const href: string | null = token.attrGet(attr)
        if (!href || /^[a-z]+:|^#|^\//i.test(href)) continue
        const target = posix.normalize(posix.join('docs', posix.dirname(page), href))
        if (!target.startsWith('docs/')) token.attrSet(attr, `${REPO}/blob/main/${target}`)
      }
    }
    walk(state.tokens)
  })
}

export default defineConfig({
  title: 'Crossway',
  description:
    'One CORS policy, every TypeScript server: Fastify, Koa, Express, NestJS, Next.js and fetch runtimes.',
  srcDir: '../docs',
  srcExclude: ['generated/**', '.gitignore'],
  cleanUrls: true,
  lastUpdated: false,
  markdown: { config: repoLinks },
  // The pages live in ../docs, outside this package, and Vite resolves from there, where pnpm
  // installs nothing: point Vue (imported by every compiled page) at this package's copy.
  vite: { resolve: { alias: [{ find: /^vue(?=\/|$)/, replacement: vueDir }] } },
  themeConfig: {
    search: { provider: 'local' },
    socialLinks: [{ icon: 'github', link: REPO }],
    nav: [
      { text: 'Guide', link: '/getting-started' },
      { text: 'Options', link: '/options' },
      { text: 'Migrate', link: '/migrate/' },
      { text: 'API', link: '/api' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Introduction', link: '/' },
          { text: 'Getting started', link: '/getting-started' },
          { text: 'Options', link: '/options' },
          { text: 'Troubleshooting', link: '/troubleshooting' },
          { text: 'Security notes', link: '/security' },
          { text: 'CSRF protection', link: '/csrf' },
          { text: 'The doctor', link: '/doctor' },
          { text: 'Benchmarks', link: '/benchmarks' },
        ],
      },
      {
        text: 'Migrating',
        items: [
          { text: 'Overview', link: '/migrate/' },
          { text: 'From cors (Express)', link: '/migrate/cors' },
          { text: 'From @fastify/cors', link: '/migrate/fastify-cors' },
          { text: 'From @koa/cors', link: '/migrate/koa-cors' },
          { text: "From Nest's enableCors", link: '/migrate/nest-enable-cors' },
          { text: 'From hono/cors', link: '/migrate/hono-cors' },
          { text: 'From a Next.js middleware', link: '/migrate/next-middleware' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'API', link: '/api' },
          { text: 'API reference (generated)', link: '/reference/' },
          { text: 'Semantics (the contract)', link: '/semantics' },
          { text: 'CORS across browsers', link: '/cors-across-browsers' },
        ],
      },
    ],
  },
})
