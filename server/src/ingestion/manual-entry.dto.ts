import { ApiProperty } from '@nestjs/swagger';
import { Allow, IsString, Matches, MaxLength } from 'class-validator';

/**
 * One value entered by an operator. Only `reason` is checked here: the value itself goes through
 * the same checks as every ingested value and a problem comes back in `rejected`, as for a batch.
 */
export class ManualObservationBody {
  @ApiProperty({ example: 'vinh-tuy-ca' })
  @Allow()
  agency!: unknown;

  @ApiProperty({ example: 'vinh-tuy-2026/26a' })
  @Allow()
  indicator!: unknown;

  @ApiProperty({ description: 'the time the value refers to (ISO 8601)', example: '2026-06-30' })
  @Allow()
  at!: unknown;

  @ApiProperty({ example: 96.5 })
  @Allow()
  value!: unknown;

  @ApiProperty({ description: 'why the value is entered by hand (kept in the audit log)' })
  @IsString({ message: 'is required: say why the value is entered by hand' })
  @Matches(/\S/, { message: 'must not be blank: say why the value is entered by hand' })
  @MaxLength(2000)
  reason!: string;
}
