import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ScoringController } from './scoring.controller.js';
import { ScoringRepository } from './scoring.repository.js';
import { ScoringService } from './scoring.service.js';
import { ScoreEvents } from './score-events.js';
import { StalenessSweep } from './staleness-sweep.service.js';
import { CatalogChanges } from './catalog-changes.service.js';

@Module({
  imports: [CatalogModule],
  controllers: [ScoringController],
  providers: [ScoringRepository, ScoringService, ScoreEvents, StalenessSweep, CatalogChanges],
  exports: [ScoringService, ScoreEvents, StalenessSweep, CatalogChanges],
})
export class ScoringModule {}
