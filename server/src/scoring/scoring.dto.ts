import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class RankingQuery {
  @ApiProperty({ description: 'plan code, e.g. vinh-tuy-2026' })
  @Matches(CODE, { message: 'must be a plan code such as "vinh-tuy-2026"' })
  plan!: string;

  @ApiPropertyOptional({ description: 'rank by one pillar, e.g. society' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]*$/, { message: 'must be a pillar code such as "government"' })
  pillar?: string;

  @ApiPropertyOptional({ description: 'only agencies of these kinds, comma-separated, e.g. ward,commune' })
  @IsOptional()
  @Matches(/^[a-z_]+(,[a-z_]+)*$/, { message: 'must be agency kinds separated by commas, e.g. "ward,commune"' })
  kind?: string;

  @ApiPropertyOptional({ description: 'the ranking as it stood at this time (ISO 8601), from the score history' })
  @IsOptional()
  @IsString()
  asOf?: string;
}

export class ScorecardQuery {
  @ApiProperty({ description: 'plan code, e.g. vinh-tuy-2026' })
  @Matches(CODE, { message: 'must be a plan code such as "vinh-tuy-2026"' })
  plan!: string;
}

export class HistoryQuery {
  @ApiProperty({ description: 'plan code, e.g. vinh-tuy-2026' })
  @Matches(CODE, { message: 'must be a plan code such as "vinh-tuy-2026"' })
  plan!: string;

  @ApiPropertyOptional({ description: 'first instant (ISO 8601), inclusive' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ description: 'last instant (ISO 8601), inclusive' })
  @IsOptional()
  @IsString()
  to?: string;
}

export class MatrixQuery {
  @ApiProperty({ description: 'plan code, e.g. vinh-tuy-2026' })
  @Matches(CODE, { message: 'must be a plan code such as "vinh-tuy-2026"' })
  plan!: string;

  @ApiPropertyOptional({ description: 'only the indicators of one pillar (agencies ranked by it), e.g. society' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]*$/, { message: 'must be a pillar code such as "government"' })
  pillar?: string;

  @ApiPropertyOptional({ description: 'only agencies of these kinds, comma-separated, e.g. ward,commune' })
  @IsOptional()
  @Matches(/^[a-z_]+(,[a-z_]+)*$/, { message: 'must be agency kinds separated by commas, e.g. "ward,commune"' })
  kind?: string;
}
