// HTTP edge of connectors (DESIGN §10): health and run logs.
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ConnectorsService } from './connectors.service.js';
import { Roles } from '../auth/auth.decorators.js';
import { ConnectorRunner } from './connector-runner.js';
import { RunQuery } from './push.dto.js';

@ApiTags('connectors')
@ApiBearerAuth()
@Roles('operator', 'admin')
@Controller('connectors')
export class ConnectorsController {
  constructor(
    private readonly connectors: ConnectorsService,
    private readonly runner: ConnectorRunner,
  ) {}

  @Get()
  list() {
    return this.connectors.list();
  }

  @Get(':id/runs')
  runs(@Param('id') id: string) {
    return this.connectors.runs(id);
  }

  /** Run now (operators): `?mode=backfill` makes a simulator report its whole history. */
  @Post(':id/run')
  @HttpCode(200)
  run(@Param('id') id: string, @Query() query: RunQuery) {
    return this.runner.runNow(id, query.mode);
  }
}
