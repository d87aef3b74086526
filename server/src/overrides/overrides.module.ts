import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { OverridesController } from './overrides.controller.js';
import { OverridesService } from './overrides.service.js';

@Module({
  imports: [CatalogModule, ScoringModule],
  controllers: [OverridesController],
  providers: [OverridesService],
})
export class OverridesModule {}
