import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { DomainError } from '../common/domain-error.js';

export const MAX_BATCH = 50_000;

/**
 * The push body's schema (OpenAPI) and rules. The controller checks it with `checkIngestBody`
 * rather than the global validation pipe: the pipe's transform copies every one of up to 50,000
 * items into new objects before the rules are even looked at (20–250 ms a 10,000-value batch),
 * and the items are checked one by one by ingestion anyway.
 */
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

/** The rules of IngestBody, with the validation pipe's answers (400, the field and the reason). */
export function checkIngestBody(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw DomainError.invalid('body', 'must be an object {observations: [...]}');
  const extra = Object.keys(body).filter((k) => k !== 'observations');
  if (extra.length) {
    const fields = extra.map((field) => ({ field, reason: `property ${field} should not exist` }));
    throw new DomainError('invalid_input', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), fields);
  }
  const { observations } = body as { observations?: unknown };
  if (!Array.isArray(observations))
    throw DomainError.invalid('observations', 'must be an array of {agency, indicator, at, value}');
  if (observations.length > MAX_BATCH)
    throw DomainError.invalid('observations', `at most ${MAX_BATCH} values per batch`);
  return observations;
}
