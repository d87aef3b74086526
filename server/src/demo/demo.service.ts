// Fills an empty database with the demo: the five plans' catalogs and agency trees (and, as the
// other features land, accounts, connectors and a history of observations), so `npm start` on a
// fresh clone shows a working dashboard. Never runs with DEMO=0.
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CatalogImportService } from '../catalog/catalog-import.service.js';
import { ConnectorsRepository } from '../connectors/connectors.repository.js';
import { hashApiKey } from '../connectors/api-key.js';
import { UsersRepository } from '../auth/users.repository.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { hashPassword } from '../auth/password.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { ConnectorRunner } from '../connectors/connector-runner.js';
import { DHIS2_DEMO_PLAN, dhis2Uid } from './dhis2-source.js';
import { DHIS2_DEMO_USER } from './dhis2-source.controller.js';
import { Dhis2SourceService } from './dhis2-source.service.js';

/** The demo's DHIS2 connector, reading the simulated DHIS2 this server serves itself. */
export const DEMO_DHIS2_CONNECTOR = 'demo-dhis2';
const OWN_SOURCE = /^http:\/\/[^/]+:\d+\/api\/demo\/dhis2$/;

@Injectable()
export class DemoService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalogImport: CatalogImportService,
    private readonly connectors: ConnectorsRepository,
    private readonly users: UsersRepository,
    private readonly catalog: CatalogRepository,
    private readonly scoring: ScoringService,
    private readonly dhis2Source: Dhis2SourceService,
    private readonly runner: ConnectorRunner,
    private readonly clock: Clock,
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
    // simulated source systems: the history so far once, then a share of values every minute;
    // created once, so an operator's later changes to it survive restarts
    if (!(await this.connectors.find('demo-simulator')))
      await this.connectors.save({
        id: 'demo-simulator',
        kind: 'simulator',
        name: 'Simulated source systems (DVC, iHanoi, VNeID, QLVB)',
        apiKeyHash: null,
        // plan 139's values come from the simulated DHIS2 instead (attachSources)
        config: { plans: ['vinh-tuy-2026'], share: 0.05, backfill: true },
        schedule: '* * * * *',
        enabled: true,
      });
    const reports = await this.catalogImport.importManifestIfEmpty();
    await this.createDemoAccounts();
    if (!reports) return;
    const plans = reports.filter((r) => r.kind === 'catalog').map((r) => r.plan!);
    // every agency appears in its plan's ranking from the start (no data yet scores 0)
    for (const plan of plans) await this.scoring.rescore(plan, new Date(this.clock.now()));
    const assignments = reports.reduce((n, r) => n + (r.assignments?.added ?? 0), 0);
    this.logger.log({ msg: 'demo catalog loaded', plans, assignments, ms: Date.now() - started });
  }

  /**
   * The demo's pull source, once the server listens (its address is known only then): a `dhis2`
   * connector reading plan 139's monthly values from the simulated DHIS2 on this server, daily at
   * 06:00, with a first run now when it has never run and `runNow` is set (the scheduler is on).
   * Created once, so an operator's edits survive restarts; only its own-address URL follows the
   * port, unless an operator pointed it elsewhere.
   */
  async attachSources(baseUrl: string, runNow: boolean): Promise<void> {
    if (!this.config.demo.enabled) return;
    const url = `${baseUrl}/api/demo/dhis2`;
    const existing = await this.connectors.find(DEMO_DHIS2_CONNECTOR);
    if (!existing) {
      const plan = await this.catalog.reader().findPlan(DHIS2_DEMO_PLAN);
      if (!plan) return;
      await this.connectors.save({
        id: DEMO_DHIS2_CONNECTOR,
        kind: 'dhis2',
        name: 'Hệ thống thống kê DHIS2 của Thành phố (mô phỏng)',
        apiKeyHash: null,
        config: {
          url,
          dataSet: dhis2Uid('dataSet', DHIS2_DEMO_PLAN),
          startDate: [plan.startDate ?? '2025-01-01', twoYearsBack(Date.now())].sort()[1],
          endDate: '2045-12-31',
          orgUnit: dhis2Uid('orgUnit', 'hanoi'),
          children: true,
          username: DHIS2_DEMO_USER,
          password: this.config.demo.password,
          codeMap: await this.dhis2Source.codeMap(),
        },
        schedule: '0 6 * * *',
        enabled: true,
      });
    } else if (
      typeof existing.config.url === 'string' &&
      OWN_SOURCE.test(existing.config.url) &&
      existing.config.url !== url
    ) {
      await this.connectors.update({ ...existing, config: { ...existing.config, url } });
    }
    const connector = existing ?? (await this.connectors.find(DEMO_DHIS2_CONNECTOR));
    if (runNow && connector?.enabled && !(await this.connectors.hasRuns(DEMO_DHIS2_CONNECTOR)))
      void this.runner.runNow(DEMO_DHIS2_CONNECTOR).then(
        (summary) => this.logger.log({ msg: 'DHIS2 history pulled', connector: DEMO_DHIS2_CONNECTOR, ...summary }),
        (error: unknown) => this.logger.warn({ msg: 'DHIS2 pull not run', error: String(error) }),
      );
  }

  /**
   * leader, operator, admin and one `agency` account per agency (named by its code), all with
   * DEMO_PASSWORD. They share one Argon2id hash: hashing 236 passwords would add seconds to the
   * first start for accounts that are identical by design.
   */
  private async createDemoAccounts(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const passwordHash = await hashPassword(this.config.demo.password);
    const agencies = await this.catalog.reader().findAgencies();
    const created = await this.users.insertMissing([
      { username: 'leader', passwordHash, role: 'leader', agency: null },
      { username: 'operator', passwordHash, role: 'operator', agency: null },
      { username: 'admin', passwordHash, role: 'admin', agency: null },
      ...agencies.map((a) => ({ username: a.code, passwordHash, role: 'agency' as const, agency: a.code })),
    ]);
    this.logger.log({ msg: 'demo accounts created', accounts: created });
  }
}

/**
 * The first day of the month two years before `nowMs`: the demo DHIS2 connector reads at most
 * that far back, since plan 139 runs six years and its simulated history grows every month
 * (a first pull and the tests that wait for it would slow down year after year).
 */
function twoYearsBack(nowMs: number): string {
  const d = new Date(nowMs);
  return new Date(Date.UTC(d.getUTCFullYear() - 2, d.getUTCMonth(), 1)).toISOString().slice(0, 10);
}
