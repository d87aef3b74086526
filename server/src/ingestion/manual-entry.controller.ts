// POST /api/observations/manual: an operator's or admin's hand-entered value (HTTP only: the
// role check and the body's reason here, the rest in ManualEntryService).
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ManualObservationBody } from './manual-entry.dto.js';
import { ManualEntryService } from './manual-entry.service.js';

@ApiTags('ingestion')
@ApiBearerAuth()
@Roles('operator', 'admin')
@Controller('observations')
export class ManualEntryController {
  constructor(private readonly manual: ManualEntryService) {}

  /** 200 with the ingest result, even when the value is rejected (`rejected` says why). */
  @Post('manual')
  @HttpCode(200)
  enter(@CurrentUser() user: Principal, @Body() body: ManualObservationBody) {
    return this.manual.enter(user, body);
  }
}
