/**
 * @module @crossway/core/web
 */
export * from '@crossway/core/web'
