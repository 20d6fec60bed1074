import {
  type CanActivate,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  Header,
  Module,
  NotFoundException,
  Post,
  Put,
  UseGuards,
  Version,
} from '@nestjs/common'
import { Cors } from '../src/index'

export const A = 'https://a.example'
export const B = 'https://b.example'
export const D = 'https://default.example'

/** Handlers that ran, by name: tests prove a handler was (or was not) reached. */
export const calls: string[] = []

class DenyGuard implements CanActivate {
  canActivate(): boolean {
    calls.push('guard')
    throw new ForbiddenException('no entry')
  }
}

@Cors({ origin: [A], methods: ['GET', 'PUT'] })
@Controller('cats')
export class CatsController {
  @Get()
  list() {
    calls.push('cats.list')
    return 'cats'
  }

  @Cors({ origin: '*' })
  @Get('public/list')
  publicList() {
    calls.push('cats.publicList')
    return 'public'
  }

  @Cors(false)
  @Post('admin')
  admin() {
    calls.push('cats.admin')
    return 'admin'
  }

  @Cors()
  @Get('defaults')
  defaults() {
    calls.push('cats.defaults')
    return 'defaults'
  }

  @Get('boom')
  boom() {
    calls.push('cats.boom')
    throw new Error('boom')
  }

  @Get('lost')
  lost() {
    calls.push('cats.lost')
    throw new NotFoundException('no such cat')
  }

  @UseGuards(DenyGuard)
  @Get('guarded')
  guarded() {
    calls.push('cats.guarded')
    return 'guarded'
  }

  @Header('Vary', 'Accept-Encoding')
  @Get('varied')
  varied() {
    calls.push('cats.varied')
    return 'varied'
  }

  @Get(':id')
  one() {
    calls.push('cats.one')
    return 'one'
  }

  @Put(':id')
  update() {
    calls.push('cats.update')
    return 'updated'
  }
}

/** No decorator: the module's default policy, or no CORS at all. */
@Controller('dogs')
export class DogsController {
  @Get()
  list() {
    calls.push('dogs.list')
    return 'dogs'
  }
}

/** Two controllers on one path prefix with different policies. */
@Cors({ origin: [A] })
@Controller('shop')
export class ShopController {
  @Get('items/:id')
  item() {
    calls.push('shop.item')
    return 'item'
  }
}

@Cors({ origin: [B], credentials: true })
@Controller('shop')
export class ShopAdminController {
  @Delete('items/:id')
  remove() {
    calls.push('shopAdmin.remove')
    return 'removed'
  }
}

/**
 * Two routes that both match `/pets/featured`: Express serves the first registered
 * (`:name`), Fastify the most specific (`featured`). The policy must follow the router.
 */
@Controller('pets')
export class PetsController {
  @Cors({ origin: [A] })
  @Get(':name')
  byName() {
    return 'byName'
  }

  @Cors({ origin: [B] })
  @Get('featured')
  featured() {
    return 'featured'
  }
}

@Cors({ origin: [A] })
@Controller('items')
export class ItemsV1Controller {
  @Get()
  list() {
    return 'items v1'
  }

  @Cors({ origin: '*' })
  @Version('3')
  @Get('latest')
  latest() {
    return 'items v3'
  }
}

@Cors({ origin: [B] })
@Controller({ path: 'items', version: '2' })
export class ItemsV2Controller {
  @Get()
  list() {
    return 'items v2'
  }
}

@Cors({ origin: '*' })
@Controller('health')
export class HealthController {
  @Get()
  check() {
    return 'healthy'
  }
}

@Cors({ origin: [B] })
@Controller('reports')
export class ReportsController {
  @Get(':id')
  one() {
    return 'report'
  }
}

@Module({ controllers: [ReportsController] })
export class AdminModule {}

@Cors({ origin: [A] })
@Controller({ path: 'tenant', host: ':tenant.example.com' })
export class TenantController {
  @Get()
  get() {
    return 'tenant'
  }
}
