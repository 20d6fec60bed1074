export { default } from '../../tsdown.shared.ts'
