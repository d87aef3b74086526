import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class IndicatorFilterQuery {
  @ApiPropertyOptional({ description: 'pillar code, e.g. government' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]*$/, { message: 'must be a pillar code such as "government"' })
  pillar?: string;

  @ApiPropertyOptional({ description: 'only indicators assigned to this agency' })
  @IsOptional()
  @Matches(CODE, { message: 'must be an agency code such as "vinh-tuy-vp"' })
  agency?: string;
}

export class PlanFilterQuery {
  @ApiPropertyOptional({ description: 'plan code, e.g. vinh-tuy-2026' })
  @IsOptional()
  @Matches(CODE, { message: 'must be a plan code such as "vinh-tuy-2026"' })
  plan?: string;
}
