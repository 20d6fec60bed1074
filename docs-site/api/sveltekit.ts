/**
 * @module @crossway/sveltekit
 */
export * from '@crossway/sveltekit'
