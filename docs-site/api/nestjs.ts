/**
 * @module @crossway/nestjs
 */
export * from '@crossway/nestjs'
