import { reply } from '../../../lib/reply'

export const GET = () => reply('teapot', 418, 'teapot')
