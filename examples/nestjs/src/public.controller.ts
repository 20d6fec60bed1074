import { publicPolicy } from '@crossway/example-shared'
import { Cors } from '@crossway/nestjs'
import { Controller, Get } from '@nestjs/common'

/** `/api/public/*`: a complete policy of its own, never merged with the default. */
@Cors(publicPolicy)
@Controller('api/public')
export class PublicController {
  @Get('hello')
  hello() {
    return { message: 'hello, anyone', framework: 'nestjs' }
  }
}
