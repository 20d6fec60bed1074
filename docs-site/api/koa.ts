/**
 * @module @crossway/koa
 */
export * from '@crossway/koa'
