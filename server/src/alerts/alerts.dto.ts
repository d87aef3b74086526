import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The plan and agency filters alerts and reminders share. */
class PlanAgencyQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CODE, { message: 'must be a plan code such as "vinh-tuy-2026"' })
  plan?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CODE, { message: 'must be an agency code such as "vinh-tuy-ca"' })
  agency?: string;
}

export class AlertsQuery extends PlanAgencyQuery {
  @ApiPropertyOptional({ enum: ['open', 'acknowledged', 'resolved'] })
  @IsOptional()
  @IsIn(['open', 'acknowledged', 'resolved'], { message: 'must be open, acknowledged or resolved' })
  state?: string;

  @ApiPropertyOptional({ enum: ['at_risk', 'off_track'] })
  @IsOptional()
  @IsIn(['at_risk', 'off_track'], { message: 'must be at_risk or off_track' })
  level?: string;
}

export class AcknowledgeBody {
  @ApiPropertyOptional({ description: 'what is being done about it' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  note?: string;
}

export class RemindersQuery extends PlanAgencyQuery {
  @ApiPropertyOptional({ enum: ['active', 'resolved'] })
  @IsOptional()
  @IsIn(['active', 'resolved'], { message: 'must be active or resolved' })
  state?: 'active' | 'resolved';
}

export class NotificationsQuery {
  @ApiPropertyOptional({ enum: ['pending', 'sent', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'sent', 'failed'], { message: 'must be pending, sent or failed' })
  state?: string;
}
