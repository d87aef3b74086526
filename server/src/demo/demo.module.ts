import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [CatalogModule, ConnectorsModule, AuthModule, ScoringModule], providers: [DemoService] })
export class DemoModule {}
