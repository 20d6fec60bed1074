// Node.js runtimes tell handler styles apart when the function starts: three parameters on a
// function that is not `async` is the callback style (which Node.js 24 runtimes no longer run),
// and `awslambda.streamifyResponse` marks a streaming handler with a registry symbol.
// aws-lambda-nodejs-runtime-interface-client: src/UserFunction.js, src/WarningForCallbackHandlers.js.
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming')

/**
 * Refuses, when `withCors` is called (a cold start), the handlers it cannot wrap: it calls
 * `handler(event, context)` and awaits what it returns, so a handler that answers through a
 * callback would never answer, and a streaming one would get the context as its stream.
 */
export function assertAsyncHandler(handler: unknown): void {
  if (typeof handler !== 'function') {
    throw new TypeError(
      `crossway: withCors() takes your handler as its first argument, a function (event, context) => result; got ${handler === null ? 'null' : typeof handler}`,
    )
  }
  if ((handler as unknown as Record<symbol, unknown>)[STREAMING] !== undefined) {
    throw new TypeError(
      'crossway: withCors() cannot wrap a response-streaming handler (awslambda.streamifyResponse): it needs the whole result to add the headers. Wrap a handler that returns its result, or set the CORS headers in the stream’s metadata yourself',
    )
  }
  if (handler.length === 3 && Object.prototype.toString.call(handler) !== '[object AsyncFunction]') {
    throw new TypeError(
      'crossway: withCors() wraps async handlers, and this one takes a callback (event, context, callback), the style Node.js 24 runtimes no longer run. Make it `async (event, context) => result`: return the result instead of calling callback(null, result), and throw instead of calling callback(error)',
    )
  }
}
