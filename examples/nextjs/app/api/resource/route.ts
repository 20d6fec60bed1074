import { reply } from '../../../lib/reply'

export const GET = () => reply('resource-get', 200, 'get')
export const POST = () => reply('resource-post', 201, 'post')
export const PUT = () => reply('resource-put', 200, 'put')
export const PATCH = () => reply('resource-patch', 200, 'patch')
export const DELETE = () => reply('resource-delete', 200, 'delete')
// Its own OPTIONS: a preflight answered by the proxy never reaches it; a plain OPTIONS does.
export const OPTIONS = () => reply('resource-options', 200, 'options')
