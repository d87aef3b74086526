// HTTP edge of connectors (DESIGN §10): health and run logs.
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ConnectorsService } from './connectors.service.js';
import { Roles } from '../auth/auth.decorators.js';

@ApiTags('connectors')
@ApiBearerAuth()
@Roles('operator', 'admin')
@Controller('connectors')
export class ConnectorsController {
  constructor(private readonly connectors: ConnectorsService) {}

  @Get()
  list() {
    return this.connectors.list();
  }

  @Get(':id/runs')
  runs(@Param('id') id: string) {
    return this.connectors.runs(id);
  }
}
