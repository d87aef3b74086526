import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { DemoService } from './demo.service.js';
import { Dhis2SourceController } from './dhis2-source.controller.js';
import { Dhis2SourceService } from './dhis2-source.service.js';

@Module({
  imports: [CatalogModule, ConnectorsModule, AuthModule, ScoringModule],
  controllers: [Dhis2SourceController],
  providers: [DemoService, Dhis2SourceService],
})
export class DemoModule {}
