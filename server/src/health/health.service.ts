// Answers "is this instance able to serve?": the database must answer a trivial query quickly.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  database: { kind: 'embedded' | 'external'; ok: boolean };
  uptimeSeconds: number;
}

const DATABASE_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(): Promise<HealthReport> {
    const ok = await this.databaseAnswers();
    return {
      status: ok ? 'ok' : 'degraded',
      version: this.config.version,
      database: { kind: this.config.database.kind, ok },
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }

  private async databaseAnswers(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS);
    });
    const query = this.dataSource
      .query('SELECT 1 AS ok')
      .then(() => true)
      .catch(() => false);
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
