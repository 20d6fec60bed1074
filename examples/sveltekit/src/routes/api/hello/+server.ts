// GET, and HEAD (Kit answers it from GET without the body).
export const GET = () => Response.json({ message: 'hello', framework: 'sveltekit' })
