/** The example's Lambda handler: every route of examples/shared/README.md, in one function. */
export declare function handler(event: unknown, context: unknown): Promise<unknown>
