// HTTP edge of scoring (DESIGN §10): rankings and an agency's scorecard.
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ScoringService } from './scoring.service.js';
import { RankingQuery, ScorecardQuery } from './scoring.dto.js';

@ApiTags('scoring')
@ApiBearerAuth()
@Controller()
export class ScoringController {
  constructor(private readonly scoring: ScoringService) {}

  @Get('rankings')
  rankings(@Query() query: RankingQuery) {
    return this.scoring.ranking(query.plan, query.pillar);
  }

  @Get('agencies/:code/scorecard')
  scorecard(@Param('code') code: string, @Query() query: ScorecardQuery) {
    return this.scoring.scorecard(code, query.plan);
  }
}
