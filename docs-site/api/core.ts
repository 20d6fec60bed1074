/**
 * @module @crossway/core
 */
export * from '@crossway/core'
