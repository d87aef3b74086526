// PUT /api/agencies/:code/assignments/:indicator/target (leaders and admins): an agency's own
// target for one indicator, or null to restore the plan's. HTTP only; the use case is OverridesService.
import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { TargetOverrideBody } from './overrides.dto.js';
import { OverridesService } from './overrides.service.js';

@ApiTags('catalog')
@ApiBearerAuth()
@Roles('leader', 'admin')
@Controller('agencies/:code/assignments')
export class OverridesController {
  constructor(private readonly overrides: OverridesService) {}

  /** `:indicator` is the full code with its slash encoded, e.g. `vinh-tuy-2026%2F19`. */
  @Put(':indicator/target')
  setTarget(
    @CurrentUser() user: Principal,
    @Param('code') code: string,
    @Param('indicator') indicator: string,
    @Body() body: TargetOverrideBody,
  ) {
    return this.overrides.setTarget(user, code, indicator, body.target, body.reason);
  }
}
