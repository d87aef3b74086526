import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { AlertsModule } from '../alerts/alerts.module.js';
import { LiveGateway } from './live.gateway.js';

@Module({ imports: [AuthModule, CatalogModule, ScoringModule, AlertsModule], providers: [LiveGateway] })
export class LiveModule {}
