/**
 * @module @crossway/core/node
 */
export * from '@crossway/core/node'
