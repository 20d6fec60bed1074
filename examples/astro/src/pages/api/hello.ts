import type { APIRoute } from 'astro'
import { json } from './_json'

// Astro answers HEAD from GET.
export const GET: APIRoute = () => json({ message: 'hello' })
