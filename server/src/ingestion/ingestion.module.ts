import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { IngestController } from './ingest.controller.js';
import { IngestionService } from './ingestion.service.js';
import { ObservationsRepository } from './observations.repository.js';

@Module({
  imports: [ConnectorsModule, ScoringModule],
  controllers: [IngestController],
  providers: [ObservationsRepository, IngestionService],
  exports: [IngestionService],
})
export class IngestionModule {}
