// Preloaded with `node -r`: the built package in ../../dist resolves its Nest imports from
// this folder's Nest 11 instead of the workspace's Nest 12, as it would inside a Nest 11 app.
const Module = require('node:module')

const fixture = [__dirname]
const redirected = /^(?:@nestjs\/|reflect-metadata$|rxjs(?:\/|$)|path-to-regexp$)/
const resolve = Module._resolveFilename

Module._resolveFilename = function resolveFromNest11(request, parent, isMain, options) {
  return redirected.test(request)
    ? resolve.call(this, request, parent, isMain, { paths: fixture })
    : resolve.call(this, request, parent, isMain, options)
}
