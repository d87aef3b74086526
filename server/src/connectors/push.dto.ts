import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';

export const MAX_BATCH = 50_000;

export class IngestBody {
  @ApiProperty({
    description: 'values to store; each {agency, indicator, at (ISO 8601), value}',
    example: [{ agency: 'vinh-tuy-ca', indicator: 'vinh-tuy-2026/26a', at: '2026-11-01', value: 93.4 }],
  })
  @IsArray({ message: 'must be an array of {agency, indicator, at, value}' })
  @ArrayMaxSize(MAX_BATCH, { message: `at most ${MAX_BATCH} values per batch` })
  observations!: unknown[];
}

export class RunQuery {
  @ApiPropertyOptional({ enum: ['tick', 'backfill'] })
  @IsOptional()
  @IsIn(['tick', 'backfill'], { message: 'must be tick or backfill' })
  mode?: 'tick' | 'backfill';
}
