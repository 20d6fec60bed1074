/**
 * @module @crossway/lambda
 */
export * from '@crossway/lambda'
