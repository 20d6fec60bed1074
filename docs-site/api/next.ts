/**
 * @module @crossway/next
 */
export * from '@crossway/next'
