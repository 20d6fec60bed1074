/**
 * @module @crossway/doctor
 */
export * from '@crossway/doctor'
