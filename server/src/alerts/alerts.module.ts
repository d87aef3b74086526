import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module.js';
import { AlertEvents } from './alert-events.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';

@Module({
  imports: [ScoringModule],
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertsService, AlertEvents],
  exports: [AlertsService, AlertEvents, AlertsRepository],
})
export class AlertsModule {}
