/**
 * @module @crossway/astro
 */
export * from '@crossway/astro'
