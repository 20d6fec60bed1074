/**
 * @module @crossway/hono
 */
export * from '@crossway/hono'
