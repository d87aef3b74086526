// HTTP edge of the catalog (DESIGN §10): parse, delegate, nothing else.
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CatalogService } from './catalog.service.js';
import { IndicatorFilterQuery, PlanFilterQuery } from './catalog.dto.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { assertCanReadAgency, type Principal } from '../auth/principal.js';

@ApiTags('catalog')
@ApiBearerAuth()
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('plans')
  listPlans() {
    return this.catalog.listPlans();
  }

  @Get('plans/:plan/indicators')
  listIndicators(@Param('plan') plan: string, @Query() query: IndicatorFilterQuery) {
    return this.catalog.listIndicators(plan, query);
  }

  @Get('plans/:plan/indicators/:row')
  getIndicator(@Param('plan') plan: string, @Param('row') row: string) {
    return this.catalog.getIndicator(plan, row);
  }

  @Get('plans/:plan/milestones')
  listMilestones(@Param('plan') plan: string) {
    return this.catalog.listMilestones(plan);
  }

  @Get('agencies')
  agencyTree() {
    return this.catalog.agencyTree();
  }

  @Get('agencies/:code/assignments')
  agencyAssignments(@CurrentUser() user: Principal, @Param('code') code: string, @Query() query: PlanFilterQuery) {
    assertCanReadAgency(user, code);
    return this.catalog.agencyAssignments(code, query.plan);
  }
}
