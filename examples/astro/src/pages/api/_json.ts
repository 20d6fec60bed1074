// Every JSON body names the framework, as in every example.
export const json = (body: Record<string, unknown>, init?: ResponseInit): Response =>
  Response.json({ ...body, framework: 'astro' }, init)
