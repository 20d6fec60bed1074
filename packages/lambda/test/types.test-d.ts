import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyHandler,
  APIGatewayProxyHandlerV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  Context,
  LambdaFunctionURLEvent,
  LambdaFunctionURLHandler,
} from 'aws-lambda'
import { expectTypeOf, test } from 'vitest'
import {
  type LambdaCorsResult,
  type LambdaEventV1,
  type LambdaEventV2,
  type LambdaHttpEvent,
  withCors,
} from '../src/index'

test('the community event types fit the structural ones', () => {
  expectTypeOf<APIGatewayProxyEvent>().toMatchTypeOf<LambdaEventV1>()
  expectTypeOf<APIGatewayProxyEventV2>().toMatchTypeOf<LambdaEventV2>()
  expectTypeOf<LambdaFunctionURLEvent>().toMatchTypeOf<LambdaEventV2>()
  expectTypeOf<LambdaCorsResult>().toMatchTypeOf<APIGatewayProxyResult>()
  expectTypeOf<LambdaCorsResult>().toMatchTypeOf<APIGatewayProxyStructuredResultV2>()
})

test('an async handler keeps its event and context; the result may become a structured one', () => {
  const handler = async (_event: APIGatewayProxyEventV2, _context: Context) => 'hello'
  const wrapped = withCors(handler, { origin: ['https://app.example.com'] })
  expectTypeOf(wrapped).toEqualTypeOf<
    (event: APIGatewayProxyEventV2, context: Context) => Promise<string | LambdaCorsResult>
  >()
})

test('the wrapped handler is what the aws-lambda handler types expect', () => {
  const v2: APIGatewayProxyHandlerV2 = withCors(async (_event: APIGatewayProxyEventV2) => ({
    statusCode: 200,
  }))
  const rest: APIGatewayProxyHandler = withCors(async (_event: APIGatewayProxyEvent) => ({
    statusCode: 200,
    body: '',
  }))
  const url: LambdaFunctionURLHandler = withCors(async (_event: LambdaFunctionURLEvent) => 'ok')
  void [v2, rest, url]
})

test('a handler typed with the aws-lambda types (three parameters in the type) is accepted', () => {
  const typed: APIGatewayProxyHandlerV2 = async () => ({ statusCode: 200 })
  const wrapped = withCors(typed, { origin: '*' })
  expectTypeOf(wrapped).parameter(0).toEqualTypeOf<APIGatewayProxyEventV2>()
})

test('the origin function receives the handler’s event, or the union of event shapes', () => {
  withCors(async (_event: APIGatewayProxyEvent) => ({ statusCode: 200, body: '' }), {
    origin: (origin, event) => {
      expectTypeOf(event).toEqualTypeOf<APIGatewayProxyEvent>()
      return origin.endsWith('.example.com') && event.requestContext.stage === 'prod'
    },
  })
  withCors(async () => ({ statusCode: 200 }), {
    origin: (_origin, event) => {
      expectTypeOf(event).toEqualTypeOf<LambdaHttpEvent>()
      return true
    },
  })
})

test('onError receives the error, the event and the context, and returns a result', () => {
  withCors(async (_event: APIGatewayProxyEventV2, _context: Context) => ({ statusCode: 200 }), undefined, {
    onError: (error, event, context) => {
      expectTypeOf(error).toEqualTypeOf<unknown>()
      expectTypeOf(event).toEqualTypeOf<APIGatewayProxyEventV2>()
      expectTypeOf(context).toEqualTypeOf<Context>()
      return { statusCode: 500, body: 'sorry' }
    },
  })
  withCors(async () => ({ statusCode: 200 }), undefined, {
    // @ts-expect-error -- a result, not a bare status
    onError: () => 500,
  })
})

test('policy options are checked', () => {
  // @ts-expect-error -- `origins` is not an option (the core says which is)
  withCors(async () => ({ statusCode: 200 }), { origins: ['https://a.com'] })
  // @ts-expect-error -- onError belongs to the third argument
  withCors(async () => ({ statusCode: 200 }), { onError: () => ({ statusCode: 500 }) })
})
