export const GET = () => Response.json({ message: 'hello, anyone', framework: 'sveltekit' })
