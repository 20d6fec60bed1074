import { newSessionCookie, readSessionCookie, recordHandled } from '@crossway/example-shared'
import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Put, Req, Res } from '@nestjs/common'

/** The part of Express's `res` and Fastify's `reply` this example uses. */
interface HeaderWriter {
  header(name: string, value: string): unknown
}

/** `/api/*`: no `@Cors()` here, so the module's default policy (`apiPolicy`) applies. */
@Controller('api')
export class ApiController {
  @Get('hello')
  hello() {
    return { message: 'hello', framework: 'nestjs' }
  }

  // State-changing, and what a forged <form method="POST"> would aim at: `csrf` refuses it from
  // another site unless the origin is in the policy (recordHandled: the tests' proof). Nest
  // parses form bodies by default; 200 like every other example, not Nest's default 201.
  @Post('items')
  @HttpCode(200)
  create(
    @Body() body: Record<string, string> | undefined,
    @Headers('cookie') cookie: string | undefined,
    @Req() req: { originalUrl?: string; url: string },
  ) {
    recordHandled('POST', req.originalUrl ?? req.url)
    return { created: { ...body }, session: readSessionCookie(cookie), framework: 'nestjs' }
  }

  @Put('items')
  save(@Body() body: unknown) {
    return { saved: body, framework: 'nestjs' }
  }

  // The policy does not list PATCH: the route exists, the browser still refuses to call it.
  @Patch('items')
  patch(@Body() body: unknown) {
    return { patched: body, framework: 'nestjs' }
  }

  @Delete('items')
  remove() {
    return { deleted: true, framework: 'nestjs' }
  }

  // Nest answers 500; the CORS headers were written before routing, so the browser reads it.
  @Get('error')
  error() {
    throw new Error('boom')
  }

  @Get('cookie')
  cookie(@Res({ passthrough: true }) res: HeaderWriter) {
    const cookie = newSessionCookie()
    res.header('set-cookie', cookie.header)
    return { set: cookie.value, framework: 'nestjs' }
  }

  @Get('whoami')
  whoami(@Headers('cookie') cookie: string | undefined) {
    return { cookie: readSessionCookie(cookie), framework: 'nestjs' }
  }
}
