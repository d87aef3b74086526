import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module.js';
import { AlertEvents, ReminderEvents } from './alert-events.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { FollowUpController } from './follow-up.controller.js';
import { FollowUpService } from './follow-up.service.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { RemindersRepository } from './reminders.repository.js';

@Module({
  imports: [ScoringModule],
  controllers: [AlertsController, FollowUpController],
  providers: [
    AlertsRepository,
    AlertsService,
    AlertEvents,
    ReminderEvents,
    RemindersRepository,
    FollowUpService,
    NotificationsRepository,
    NotificationsService,
  ],
  exports: [AlertsService, AlertEvents, ReminderEvents, AlertsRepository, FollowUpService],
})
export class AlertsModule {}
