/**
 * @module @crossway/express
 */
export * from '@crossway/express'
