/**
 * @module @crossway/fastify
 */
export * from '@crossway/fastify'
