// HTTP edge of alerts (DESIGN §10).
import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { AlertsService } from './alerts.service.js';
import { AcknowledgeBody, AlertsQuery } from './alerts.dto.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  list(@CurrentUser() user: Principal, @Query() query: AlertsQuery) {
    return this.alerts.list(user, query);
  }

  @Get(':id')
  get(@CurrentUser() user: Principal, @Param('id', ParseIntPipe) id: number) {
    return this.alerts.get(user, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@CurrentUser() user: Principal, @Param('id', ParseIntPipe) id: number, @Body() body: AcknowledgeBody) {
    return this.alerts.acknowledge(user, id, body.note?.trim() || null);
  }
}
