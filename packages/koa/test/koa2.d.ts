// The Koa 2 dev dependency is an npm alias without its own types; its API is the one
// @types/koa describes closely enough for these tests.
declare module 'koa2' {
  import Koa from 'koa'
  export default Koa
}
