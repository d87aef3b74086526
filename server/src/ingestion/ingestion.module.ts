import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module.js';
import { IngestionService } from './ingestion.service.js';
import { ManualEntryController } from './manual-entry.controller.js';
import { ManualEntryService } from './manual-entry.service.js';
import { ObservationsRepository } from './observations.repository.js';
import { RescoreQueue } from './rescore-queue.js';

@Module({
  imports: [ScoringModule],
  controllers: [ManualEntryController],
  providers: [ObservationsRepository, RescoreQueue, IngestionService, ManualEntryService],
  exports: [IngestionService],
})
export class IngestionModule {}
