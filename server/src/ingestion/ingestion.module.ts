import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module.js';
import { IngestionService } from './ingestion.service.js';
import { ObservationsRepository } from './observations.repository.js';

@Module({
  imports: [ScoringModule],
  providers: [ObservationsRepository, IngestionService],
  exports: [IngestionService],
})
export class IngestionModule {}
