// HTTP edge of scoring (DESIGN §10): rankings (now or as of a time), an agency's scorecard and
// score history, the scorecard matrix and an indicator's chart series.
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ScoringService } from './scoring.service.js';
import { Clock } from '../common/clock.js';
import { publicTable, type Ranking } from '@kpi/shared/live';
import { HistoryQuery, MatrixQuery, RankingQuery, ScorecardQuery } from './scoring.dto.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import { assertCanReadAgency, type Principal } from '../auth/principal.js';

@ApiTags('scoring')
@ApiBearerAuth()
@Controller()
export class ScoringController {
  constructor(
    private readonly scoring: ScoringService,
    private readonly clock: Clock,
  ) {}

  @Get('rankings')
  async rankings(@CurrentUser() user: Principal, @Query() query: RankingQuery) {
    const ranking = await this.scoring.ranking(query.plan, query.pillar, query.kind?.split(','), query.asOf);
    // agency accounts get the public table: codes, names, scores and ranks
    return user.role === 'agency' ? publicTable(ranking as Ranking) : ranking;
  }

  @Get('agencies/:code/scorecard')
  scorecard(@CurrentUser() user: Principal, @Param('code') code: string, @Query() query: ScorecardQuery) {
    assertCanReadAgency(user, code);
    return this.scoring.scorecard(code, query.plan);
  }

  @Get('scorecard-matrix')
  matrix(@CurrentUser() user: Principal, @Query() query: MatrixQuery) {
    // an agency account sees its own row only (other agencies' detail is not theirs to read)
    const own = user.role === 'agency' ? (user.agency ?? '') : undefined;
    return this.scoring.matrix(query.plan, query.pillar, query.kind?.split(','), own);
  }

  @Get('agencies/:code/indicators/:indicator/series')
  series(
    @CurrentUser() user: Principal,
    @Param('code') code: string,
    @Param('indicator') indicator: string,
    @Query() query: ScorecardQuery,
  ) {
    assertCanReadAgency(user, code);
    return this.scoring.series(code, query.plan, indicator, this.clock.now());
  }

  @Get('agencies/:code/history')
  history(@CurrentUser() user: Principal, @Param('code') code: string, @Query() query: HistoryQuery) {
    assertCanReadAgency(user, code);
    return this.scoring.history(code, query.plan, query.from, query.to);
  }
}
