import { reply } from '../../../lib/reply'

export const GET = () => reply('vary-star', 200, 'vary-star', { vary: '*' })
