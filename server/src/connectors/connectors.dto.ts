// Bodies of POST /api/connectors and PATCH /api/connectors/:id. The config's shape depends on the
// kind, so it is checked per kind by pull/config.ts (fields named `config.<path>`).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { PULL_KINDS, type PullKind } from './pull/config.js';

const CONNECTOR_ID = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export class CreateConnectorBody {
  @ApiProperty({ example: 'dvc-hanoi' })
  @Matches(CONNECTOR_ID, { message: 'must be 2–63 lower-case letters, digits, ".", "_" or "-"' })
  id!: string;

  @ApiProperty({ enum: PULL_KINDS })
  @IsIn(PULL_KINDS as unknown as string[], { message: `must be one of ${PULL_KINDS.join(', ')}` })
  kind!: PullKind;

  @ApiProperty({ example: 'Cổng dịch vụ công Hà Nội' })
  @IsString()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name!: string;

  @ApiPropertyOptional({
    description: 'node-cron expression, Asia/Ho_Chi_Minh; null: run on demand only',
    nullable: true,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: 'must be a cron expression or null' })
  schedule?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  enabled?: boolean;

  @ApiProperty({ description: 'per kind: see the README (connectors)', type: Object })
  @IsObject({ message: 'must be an object' })
  config!: Record<string, unknown>;
}

export class UpdateConnectorBody {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString({ message: 'must be a cron expression or null' })
  schedule?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  enabled?: boolean;

  @ApiPropertyOptional({
    description: 'replaces the config; a secret sent back masked (or left out) keeps its stored value',
    type: Object,
  })
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  config?: Record<string, unknown>;
}
