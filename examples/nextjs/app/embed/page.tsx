// A static page (prerendered by `next build`) under proxy.ts's matcher: it gets the CORS
// headers, but Next sets its own `Vary` on pages, so `Vary: Origin` is lost (README).
export default function Embed() {
  return <p>static embed</p>
}
