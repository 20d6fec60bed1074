import { reply } from '../../lib/reply'

export function GET() {
  return reply('root', 200, 'ok')
}
