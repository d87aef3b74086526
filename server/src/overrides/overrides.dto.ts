import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/** A leader's or admin's own target for one assignment, in the plans' wording; null restores the plan's. */
export class TargetOverrideBody {
  @ApiProperty({
    nullable: true,
    description: 'the target in the plans\' wording, e.g. "≥ 90%" or "Top 10"; null restores the plan\'s target',
    example: '≥ 90%',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsString({ message: 'must be a target such as "≥ 90%", or null to restore the plan\'s target' })
  @MaxLength(500)
  target!: string | null;

  @ApiProperty({ description: 'why this agency has its own target (kept in the audit log)' })
  @IsString({ message: 'is required: say why this agency has its own target' })
  @Matches(/\S/, { message: 'must not be blank: say why this agency has its own target' })
  @MaxLength(2000)
  reason!: string;
}
