import { reply } from '../../../lib/reply'

export const GET = () => reply('vary', 200, 'vary', { vary: 'Accept-Encoding' })
