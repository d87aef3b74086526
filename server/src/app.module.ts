// The root module: wires configuration, the database and every feature module.
import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { HealthModule } from './health/health.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { DemoModule } from './demo/demo.module.js';
import { ScoringModule } from './scoring/scoring.module.js';
import { ConnectorsModule } from './connectors/connectors.module.js';
import { IngestionModule } from './ingestion/ingestion.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { LiveModule } from './live/live.module.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { OverridesModule } from './overrides/overrides.module.js';
import { RequestContextMiddleware } from './common/request-context.middleware.js';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, config.database.poolSize),
          // Keep trying at start-up briefly (a database container may still be starting), then fail.
          retryAttempts: 5,
          retryDelay: 1000,
        }),
        AuditModule,
        AuthModule,
        HealthModule,
        CatalogModule,
        ScoringModule,
        ConnectorsModule,
        IngestionModule,
        AlertsModule,
        OverridesModule,
        LiveModule,
        DemoModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('{*path}');
  }
}
