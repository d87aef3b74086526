// The only place the catalog touches the database. Bulk writes go through one statement each
// (unnest / ON CONFLICT) so importing 4,000 assignments is a handful of round trips.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import type { Target } from '@kpi/shared/targets';
import {
  AgencyEntity,
  AssignmentEntity,
  IndicatorEntity,
  MilestoneEntity,
  PillarEntity,
  PlanEntity,
} from './catalog.entities.js';

@Injectable()
export class CatalogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction with a repository bound to it. */
  transaction<T>(work: (repo: CatalogTx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new CatalogTx(manager)));
  }

  reader(): CatalogTx {
    return new CatalogTx(this.dataSource.manager);
  }
}

export class CatalogTx {
  constructor(readonly manager: EntityManager) {}

  // --- agencies
  findAgencies(codes?: string[]): Promise<AgencyEntity[]> {
    return this.manager.find(AgencyEntity, { where: codes ? { code: In(codes) } : {}, order: { code: 'ASC' } });
  }

  findAgency(code: string): Promise<AgencyEntity | null> {
    return this.manager.findOne(AgencyEntity, { where: { code } });
  }

  async countAgencies(): Promise<number> {
    return this.manager.count(AgencyEntity);
  }

  async saveAgencies(rows: Partial<AgencyEntity>[]): Promise<void> {
    // one at a time, in the given (parents first) order, so the parent foreign key holds
    for (const row of rows) await this.manager.upsert(AgencyEntity, { ...row, updatedAt: new Date() }, ['code']);
  }

  async communeCodes(cityCode: string): Promise<string[]> {
    const rows: { code: string }[] = await this.manager.query(
      `SELECT code FROM agency WHERE parent_code = $1 AND kind IN ('ward', 'commune') ORDER BY code`,
      [cityCode],
    );
    return rows.map((r) => r.code);
  }

  // --- plans and pillars
  findPlans(): Promise<PlanEntity[]> {
    return this.manager.find(PlanEntity, { order: { startDate: 'DESC', code: 'ASC' } });
  }

  findPlan(code: string): Promise<PlanEntity | null> {
    return this.manager.findOne(PlanEntity, { where: { code } });
  }

  async savePlan(row: Partial<PlanEntity>): Promise<void> {
    await this.manager.upsert(PlanEntity, { ...row, updatedAt: new Date() }, ['code']);
  }

  findPillars(planCode?: string): Promise<PillarEntity[]> {
    return this.manager.find(PillarEntity, {
      where: planCode ? { planCode } : {},
      order: { planCode: 'ASC', code: 'ASC' },
    });
  }

  async savePillars(rows: PillarEntity[]): Promise<void> {
    if (rows.length) await this.manager.upsert(PillarEntity, rows, ['planCode', 'code']);
  }

  // --- indicators
  findIndicators(where: {
    planCode?: string;
    codes?: string[];
    includeRetired?: boolean;
    pillar?: string;
  }): Promise<IndicatorEntity[]> {
    return this.manager.find(IndicatorEntity, {
      where: {
        ...(where.planCode ? { planCode: where.planCode } : {}),
        ...(where.codes ? { code: In(where.codes) } : {}),
        ...(where.pillar ? { pillar: where.pillar } : {}),
        ...(where.includeRetired ? {} : { retiredAt: IsNull() }),
      },
    });
  }

  findIndicator(code: string): Promise<IndicatorEntity | null> {
    return this.manager.findOne(IndicatorEntity, { where: { code } });
  }

  async saveIndicators(rows: Partial<IndicatorEntity>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await this.manager.upsert(
        IndicatorEntity,
        rows.slice(i, i + 200).map((r) => ({ ...r, retiredAt: null, updatedAt: new Date() })),
        ['code'],
      );
    }
  }

  /** Their assignments are retired by the importer, which counts them. */
  async retireIndicators(codes: string[]): Promise<void> {
    if (!codes.length) return;
    await this.manager.query(`UPDATE indicator SET retired_at = now() WHERE code = ANY($1) AND retired_at IS NULL`, [
      codes,
    ]);
  }

  // --- assignments
  async findPlanAssignments(planCode: string): Promise<AssignmentEntity[]> {
    return this.manager
      .createQueryBuilder(AssignmentEntity, 'a')
      .innerJoin(IndicatorEntity, 'i', 'i.code = a.indicator_code')
      .where('i.plan_code = :planCode', { planCode })
      .getMany();
  }

  /** Active assignments of active indicators of the given plans. */
  async activeAssignments(planCodes: string[]): Promise<{ agency: string; indicator: string }[]> {
    return this.manager.query(
      `SELECT a.agency_code AS agency, a.indicator_code AS indicator
         FROM assignment a JOIN indicator i ON i.code = a.indicator_code
        WHERE i.plan_code = ANY($1) AND a.retired_at IS NULL AND i.retired_at IS NULL
        ORDER BY a.id`,
      [planCodes],
    );
  }

  /** The active assignment of an active indicator to an agency, or null. */
  findAssignment(agencyCode: string, indicatorCode: string): Promise<AssignmentEntity | null> {
    return this.manager.findOne(AssignmentEntity, {
      where: { agencyCode, indicatorCode, retiredAt: IsNull() },
    });
  }

  /** Sets (or, with null, clears) an assignment's target override; an import never touches it. */
  async setTargetOverride(id: number, override: { targets: Target[]; text: string } | null): Promise<void> {
    await this.manager.update(
      AssignmentEntity,
      { id },
      { targetOverride: override?.targets ?? null, targetOverrideText: override?.text ?? null },
    );
  }

  async insertAssignments(pairs: { indicatorCode: string; agencyCode: string }[]): Promise<void> {
    for (let i = 0; i < pairs.length; i += 5000) {
      const chunk = pairs.slice(i, i + 5000);
      await this.manager.query(
        `INSERT INTO assignment (indicator_code, agency_code)
         SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (indicator_code, agency_code) DO UPDATE SET retired_at = NULL`,
        [chunk.map((p) => p.indicatorCode), chunk.map((p) => p.agencyCode)],
      );
    }
  }

  async setAssignmentsRetired(ids: number[], retired: boolean): Promise<void> {
    if (!ids.length) return;
    await this.manager.query(
      `UPDATE assignment SET retired_at = ${retired ? 'now()' : 'NULL'} WHERE id = ANY($1::int[])`,
      [ids],
    );
  }

  // --- milestones
  findMilestones(planCode: string): Promise<MilestoneEntity[]> {
    return this.manager.find(MilestoneEntity, { where: { planCode }, order: { code: 'ASC' } });
  }

  async saveMilestones(rows: MilestoneEntity[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200)
      await this.manager.upsert(MilestoneEntity, rows.slice(i, i + 200), ['code']);
  }

  async deleteMilestones(codes: string[]): Promise<void> {
    if (codes.length) await this.manager.delete(MilestoneEntity, { code: In(codes) });
  }
}
