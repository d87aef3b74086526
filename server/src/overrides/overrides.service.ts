// Target overrides (DESIGN §3: an assignment has "optional weight and target overrides"; §8:
// every override is audited). A leader or admin gives one agency its own target for an
// indicator, in the plans' wording; it is parsed by the same parser as the catalogs, must be in
// the indicator's unit, is stored with its words, audited with who, when, why and the target
// before and after in the same transaction, and the agency is rescored at once.
import { Injectable } from '@nestjs/common';
import { parseTargetText, type Target } from '@kpi/shared/targets';
import { AuditRepository } from '../audit/audit.repository.js';
import type { Principal } from '../auth/principal.js';
import { CatalogRepository } from '../catalog/catalog.repository.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { ScoringService } from '../scoring/scoring.service.js';

export interface TargetOverrideView {
  agency: string;
  indicator: string;
  /** The plan's target, verbatim. */
  planTarget: string | null;
  override: { text: string; targets: Target[] } | null;
}

@Injectable()
export class OverridesService {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly audit: AuditRepository,
    private readonly scoring: ScoringService,
    private readonly clock: Clock,
  ) {}

  /** `indicatorParam` is a full code (`vinh-tuy-2026/19`). */
  async setTarget(
    principal: Principal,
    agencyCode: string,
    indicatorParam: string,
    text: string | null,
    reason: string,
  ): Promise<TargetOverrideView> {
    const reader = this.catalog.reader();
    if (!(await reader.findAgency(agencyCode))) throw DomainError.notFound('agency', agencyCode);
    const indicator = await reader.findIndicator(indicatorParam);
    if (!indicator || indicator.retiredAt) throw DomainError.notFound('indicator', indicatorParam);
    let override: { text: string; targets: Target[] } | null = null;
    if (text !== null) {
      const words = text.trim();
      const parsed = parseTargetText(words);
      if (!parsed.targets.length)
        throw DomainError.invalid('target', `no target found in "${words.slice(0, 80)}": ${parsed.reason}`);
      // the unit the plan's own target is in (the indicator's wording may say more: "%/năm" for "%")
      const planUnit = indicator.targets[0]?.unit ?? indicator.unit;
      const unit = parsed.targets[0].unit ?? planUnit;
      if ((planUnit ?? null) !== (unit ?? null))
        throw DomainError.invalid('target', `must be in the plan target's unit (${planUnit ?? 'none'}), got ${unit}`);
      override = { text: words, targets: parsed.targets.map((t) => ({ ...t, unit: t.unit ?? planUnit })) };
    }
    await this.catalog.transaction(async (tx) => {
      const assignment = await tx.findAssignment(agencyCode, indicator.code);
      if (!assignment) throw DomainError.notFound('assignment', `${agencyCode} × ${indicator.code}`);
      await tx.setTargetOverride(assignment.id, override);
      await this.audit.record(
        {
          actor: principal.username,
          action: override ? 'assignment.target.override' : 'assignment.target.restore',
          subject: `${agencyCode}|${indicator.code}`,
          before: { target: assignment.targetOverrideText ?? null },
          after: { target: override?.text ?? null, reason: reason.trim() },
        },
        tx.manager,
      );
    });
    await this.scoring.rescore(indicator.planCode, new Date(this.clock.now()), [agencyCode]);
    return { agency: agencyCode, indicator: indicator.code, planTarget: indicator.targetText, override };
  }
}
