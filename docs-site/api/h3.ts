/**
 * @module @crossway/h3
 */
export * from '@crossway/h3'
