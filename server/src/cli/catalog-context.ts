// A Nest application context (no HTTP) with the database, the catalog and scoring (an import is
// followed by a full rescoring), for CLI commands.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { loadConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { EmbeddedDatabase } from '../database/embedded-database.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { CatalogImportService } from '../catalog/catalog-import.service.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { CatalogChanges } from '../scoring/catalog-changes.service.js';

export async function withCatalog<T>(
  work: (importer: CatalogImportService, changes: CatalogChanges) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ DEMO: '1', ...process.env });
  const embedded = config.database.url ? null : await EmbeddedDatabase.start(config.database.dataDir);
  const url = config.database.url ?? embedded!.url;

  @Module({
    imports: [
      ConfigModule.forRoot(config),
      TypeOrmModule.forRoot({ ...dataSourceOptions(url, config.database.poolSize), retryAttempts: 0 }),
      CatalogModule,
      ScoringModule,
    ],
  })
  class CliModule {}

  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    return await work(app.get(CatalogImportService), app.get(CatalogChanges));
  } finally {
    await app.close();
    await embedded?.stop();
  }
}
