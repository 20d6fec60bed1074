// `express4` is a devDependency alias of express@4; its API is typed closely enough by @types/express.
declare module 'express4' {
  import express = require('express')
  export = express
}
