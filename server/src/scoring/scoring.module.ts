import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ScoringController } from './scoring.controller.js';
import { ScoringRepository } from './scoring.repository.js';
import { ScoringService } from './scoring.service.js';
import { ScoreEvents } from './score-events.js';

@Module({
  imports: [CatalogModule],
  controllers: [ScoringController],
  providers: [ScoringRepository, ScoringService, ScoreEvents],
  exports: [ScoringService, ScoreEvents],
})
export class ScoringModule {}
