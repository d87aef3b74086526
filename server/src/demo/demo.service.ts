// Fills an empty database with the demo: the five plans' catalogs and agency trees (and, as the
// other features land, accounts, connectors and a history of observations), so `npm start` on a
// fresh clone shows a working dashboard. Never runs with DEMO=0.
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CatalogImportService } from '../catalog/catalog-import.service.js';
import { ConnectorsRepository } from '../connectors/connectors.repository.js';
import { hashApiKey } from '../connectors/api-key.js';

@Injectable()
export class DemoService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalogImport: CatalogImportService,
    private readonly connectors: ConnectorsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo.enabled) return;
    const started = Date.now();
    // the push connector of DESIGN §10, its key from DEMO_INGEST_KEY (kept in step on every start)
    await this.connectors.save({
      id: 'demo-push',
      kind: 'push',
      name: 'Demo push connector',
      apiKeyHash: hashApiKey(this.config.demo.ingestKey),
      config: {},
      schedule: null,
      enabled: true,
    });
    const reports = await this.catalogImport.importManifestIfEmpty();
    if (!reports) return;
    const plans = reports.filter((r) => r.kind === 'catalog').map((r) => r.plan);
    const assignments = reports.reduce((n, r) => n + (r.assignments?.added ?? 0), 0);
    this.logger.log({ msg: 'demo catalog loaded', plans, assignments, ms: Date.now() - started });
  }
}
