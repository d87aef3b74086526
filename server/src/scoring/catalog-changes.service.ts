// A catalog change (indicators, targets, weights, assignments, agencies) can move every score of
// a plan, so it is followed by a full rescoring. Catalogs change through `kpi import`, a process
// of its own that may run while servers are up (external PostgreSQL) or alone (the embedded
// database, which a running server holds). So the importing process rescores by itself, through
// this service (the scores are right even when no server runs), then records the change and
// sends a pg NOTIFY; each server LISTENs, and the first instance to claim the change announces
// the new scores on ScoreEvents (live pushes them to every instance's clients, alerts re-forecast).
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import type { ImportReport } from '../catalog/catalog-import.service.js';
import { CATALOG_CHANGE_CHANNEL, ScoringRepository } from './scoring.repository.js';
import { ScoringService } from './scoring.service.js';
import { ScoreEvents } from './score-events.js';
import { Clock } from '../common/clock.js';

const RECONNECT_MS = 5_000;

/** Whether an import report changed anything that scores depend on. */
function changedScores(report: ImportReport): boolean {
  const diff = report.kind === 'agencies' ? report.agencies : report.indicators;
  const records = diff ? diff.added.length + diff.changed.length + diff.retired.length : 0;
  return records > 0 || (report.assignments?.added ?? 0) > 0 || (report.assignments?.retired ?? 0) > 0;
}

@Injectable()
export class CatalogChanges implements OnModuleDestroy {
  private readonly logger = new Logger('CatalogChanges');
  private client: pg.Client | null = null;
  private stopped = false;
  private reconnect: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalog: CatalogRepository,
    private readonly scores: ScoringRepository,
    private readonly scoring: ScoringService,
    private readonly events: ScoreEvents,
    private readonly clock: Clock,
  ) {}

  /**
   * After an import: fully rescores every plan whose catalog changed (every plan when an
   * agencies file changed, since agencies are shared), records the change and notifies the
   * servers. Returns the plans rescored.
   */
  async afterImport(reports: ImportReport[], asOf = new Date(this.clock.now())): Promise<string[]> {
    const changed = reports.filter(changedScores);
    if (!changed.length) return [];
    const plans = changed.some((r) => r.kind === 'agencies')
      ? (await this.catalog.reader().findPlans()).map((p) => p.code)
      : [...new Set(changed.map((r) => r.plan!))];
    for (const plan of plans) await this.scoring.rescore(plan, asOf);
    const id = await this.scores.recordCatalogChange(plans);
    this.logger.log({ msg: 'catalog change rescored', plans, change: id });
    return plans;
  }

  /** Starts listening for catalog changes made by other processes (external PostgreSQL only). */
  async listen(): Promise<void> {
    // the embedded database serves one connection, held by the server's pool; nothing else can
    // change its catalog while the server runs
    if (this.config.database.kind !== 'external' || !this.config.database.url || this.client) return;
    this.stopped = false;
    const client = new pg.Client({ connectionString: this.config.database.url });
    client.on('notification', (message) => {
      if (message.channel !== CATALOG_CHANGE_CHANNEL) return;
      void this.announce(Number(message.payload)).catch((error: unknown) =>
        this.logger.error({ msg: 'catalog change not announced', error: String(error) }),
      );
    });
    client.on('error', (error) => this.retry(client, error));
    try {
      await client.connect();
      await client.query(`LISTEN ${CATALOG_CHANGE_CHANNEL}`);
      if (this.stopped)
        await client.end(); // shut down while connecting
      else this.client = client;
    } catch (error) {
      // the server serves without it (scores are right; only the announcement is missed)
      this.retry(client, error);
    }
  }

  private retry(client: pg.Client, error: unknown): void {
    this.logger.warn({ msg: 'catalog change listener lost its connection', error: String(error) });
    if (this.client === client) this.client = null;
    void client.end().catch(() => undefined);
    if (!this.stopped && !this.reconnect)
      this.reconnect = setTimeout(() => {
        this.reconnect = null;
        void this.listen();
      }, RECONNECT_MS).unref();
  }

  /** Announces a recorded change once across instances: the instance that claims it publishes. */
  async announce(id: number): Promise<boolean> {
    if (!Number.isSafeInteger(id)) return false;
    const plans = await this.scores.claimCatalogChange(id);
    if (!plans) return false;
    for (const plan of plans) {
      const agencies = (await this.scores.agencyScores(plan)).map((a) => a.agencyCode);
      this.events.publish({ plan, agencies });
    }
    return true;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    this.reconnect = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
