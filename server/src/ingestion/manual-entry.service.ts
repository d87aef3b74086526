// Manual entry (DESIGN §8, issue 6): an operator enters a value a source system could not send.
// It goes in through the ingestion path like any value (same checks, duplicates, corrections,
// rescoring), with source `manual:<username>` so dashboards flag it and report each agency's
// share of values from systems, and an audit entry saying who, when and why that commits with it.
import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import type { Principal } from '../auth/principal.js';
import { IngestionService, type IngestResult } from './ingestion.service.js';
import type { ManualObservationBody } from './manual-entry.dto.js';

export const MANUAL_SOURCE_PREFIX = 'manual:';

@Injectable()
export class ManualEntryService {
  constructor(
    private readonly ingestion: IngestionService,
    private readonly audit: AuditRepository,
  ) {}

  async enter(principal: Principal, body: ManualObservationBody): Promise<IngestResult> {
    const item = { agency: body.agency, indicator: body.indicator, at: body.at, value: body.value };
    const reason = body.reason.trim();
    return this.ingestion.ingest(
      [item],
      `${MANUAL_SOURCE_PREFIX}${principal.username}`,
      null,
      Date.now(),
      async (manager, stored) => {
        if (!stored.inserted) return; // a duplicate changes nothing: nothing to audit
        await this.audit.record(
          {
            actor: principal.username,
            action: stored.corrections ? 'observation.manual.correct' : 'observation.manual',
            subject: `${String(body.agency)}|${String(body.indicator)}`,
            after: { ...item, reason },
          },
          manager,
        );
      },
    );
  }
}
