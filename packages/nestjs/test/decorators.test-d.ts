import type { DynamicModule } from '@nestjs/common'
import { describe, expectTypeOf, it } from 'vitest'
import { Cors, CorsModule, type CorsModuleAsyncOptions, type CorsPolicyInput } from '../src/index'

describe('@Cors()', () => {
  it('decorates classes and methods', () => {
    expectTypeOf(Cors()).toExtend<ClassDecorator>()
    expectTypeOf(Cors(false)).toExtend<MethodDecorator>()
    expectTypeOf(Cors({ origin: ['https://app.example.com'], credentials: true })).toExtend<
      ClassDecorator & MethodDecorator
    >()
  })

  it('takes a complete policy, false, or nothing', () => {
    expectTypeOf(Cors<any>)
      .parameter(0)
      .toEqualTypeOf<CorsPolicyInput<any> | false | undefined>()
    // @ts-expect-error `true` would reflect every origin: not an option
    Cors(true)
    // @ts-expect-error `origin: true` is refused too
    Cors({ origin: true })
    // @ts-expect-error misspelt option names are caught before start-up
    Cors({ allowHeaders: ['x-api-key'] })
  })

  it("types the origin function's request from its annotation", () => {
    interface TenantRequest {
      readonly headers: Record<string, string | undefined>
    }
    Cors({ origin: (origin: string, req: TenantRequest) => req.headers['x-tenant'] === origin })
    Cors({ origin: async (origin) => origin.endsWith('.example.com') })
  })
})

describe('CorsModule', () => {
  it('returns dynamic modules', () => {
    expectTypeOf(CorsModule.forRoot()).toEqualTypeOf<DynamicModule>()
    expectTypeOf(CorsModule.forRoot({ origin: '*' })).toEqualTypeOf<DynamicModule>()
    expectTypeOf(CorsModule.forRootAsync({ useFactory: () => undefined })).toEqualTypeOf<DynamicModule>()
  })

  it('needs a factory in forRootAsync', () => {
    expectTypeOf<CorsModuleAsyncOptions['useFactory']>().returns.toEqualTypeOf<
      CorsPolicyInput<any> | undefined | Promise<CorsPolicyInput<any> | undefined>
    >()
    // @ts-expect-error useFactory is required
    CorsModule.forRootAsync({ inject: [] })
    // @ts-expect-error forRoot takes a policy, not false
    CorsModule.forRoot(false)
  })
})
