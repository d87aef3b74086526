// HTTP edge of connectors (DESIGN §10): health, run logs, run now, and creating or editing pull
// connectors (operators and admins).
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ConnectorsService } from './connectors.service.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ConnectorRunner } from './connector-runner.js';
import { RunQuery } from './push.dto.js';
import { CreateConnectorBody, UpdateConnectorBody } from './connectors.dto.js';

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

  @Post()
  create(@CurrentUser() actor: Principal, @Body() body: CreateConnectorBody) {
    return this.connectors.create(actor, body);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.connectors.get(id);
  }

  @Patch(':id')
  update(@CurrentUser() actor: Principal, @Param('id') id: string, @Body() body: UpdateConnectorBody) {
    return this.connectors.update(actor, id, body);
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
