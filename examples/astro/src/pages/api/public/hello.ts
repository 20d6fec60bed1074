import type { APIRoute } from 'astro'
import { json } from '../_json'

export const GET: APIRoute = () => json({ message: 'hello, anyone' })
