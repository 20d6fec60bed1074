/**
 * @module @crossway/next/config
 */
export * from '@crossway/next/config'
