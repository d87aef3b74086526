// HTTP edge of what follows alerts: data reminders (an agency sees its own) and the outbound
// notification log (operators and admins, to see what was delivered and what keeps failing).
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { assertCanReadAgency, type Principal } from '../auth/principal.js';
import { NotificationsQuery, RemindersQuery } from './alerts.dto.js';
import { NotificationsService } from './notifications.service.js';
import { RemindersRepository } from './reminders.repository.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller()
export class FollowUpController {
  constructor(
    private readonly reminders: RemindersRepository,
    private readonly notifications: NotificationsService,
  ) {}

  @Get('reminders')
  listReminders(@CurrentUser() user: Principal, @Query() query: RemindersQuery) {
    if (user.role === 'agency' && query.agency) assertCanReadAgency(user, query.agency);
    const agency = user.role === 'agency' ? user.agency! : query.agency;
    return this.reminders.list({ ...query, agency });
  }

  @Get('notifications')
  @Roles('operator', 'admin')
  listNotifications(@Query() query: NotificationsQuery) {
    return this.notifications.list(query);
  }
}
