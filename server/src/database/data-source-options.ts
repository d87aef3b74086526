// Owns how the server reaches PostgreSQL through TypeORM: the entity list, the ordered
// migrations, and pool sizing. Schema changes go through migrations only (`synchronize` is off).
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'warn'],
    // a query that waits 30 s for a pooled connection fails instead of hanging for good
    extra: {
      max: poolSize,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 30_000,
      application_name: 'kpi-monitor',
    },
  };
}
