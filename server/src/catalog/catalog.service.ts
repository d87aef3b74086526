// Read side of the catalog: plans, their indicators and milestones, the agency tree and each
// agency's assignments, as plain API records.
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { CatalogRepository } from './catalog.repository.js';
import type { AgencyEntity, IndicatorEntity } from './catalog.entities.js';

export interface AgencyNode {
  code: string;
  name: string;
  kind: string;
  officialCode: string | null;
  demo: boolean;
  children: AgencyNode[];
}

export function indicatorRecord(i: IndicatorEntity) {
  return {
    code: i.code,
    plan: i.planCode,
    row: i.rowLabel,
    section: i.section,
    pillar: i.pillar,
    name: i.name,
    text: i.text,
    targetText: i.targetText,
    targets: i.targets,
    unit: i.unit,
    baseline: i.baseline,
    start: i.startDate,
    deadline: i.deadline,
    deadlineText: i.deadlineText,
    trajectory: i.trajectory,
    cadence: i.cadence,
    maxAgeDays: i.maxAgeDays,
    weight: i.weight,
    monitoringAgency: i.monitoringAgency,
    leadAgency: i.leadAgency,
    cooperatingAgencies: i.cooperatingAgencies,
    legalBasis: i.legalBasis,
    note: i.note,
  };
}

function compareIndicators(a: IndicatorEntity, b: IndicatorEntity): number {
  return a.code.localeCompare(b.code, 'en', { numeric: true });
}

@Injectable()
export class CatalogService {
  constructor(private readonly repository: CatalogRepository) {}

  async listPlans() {
    const db = this.repository.reader();
    const [plans, pillars, counts] = await Promise.all([
      db.findPlans(),
      db.findPillars(),
      db.manager.query(
        `SELECT plan_code AS plan, count(*)::int AS n FROM indicator WHERE retired_at IS NULL GROUP BY plan_code`,
      ) as Promise<{ plan: string; n: number }[]>,
    ]);
    return plans.map((p) => ({
      code: p.code,
      title: p.title,
      issuer: p.issuer,
      documentRef: p.documentRef,
      startDate: p.startDate,
      endDate: p.endDate,
      source: p.source,
      appendix: p.appendix,
      rowCount: p.rowCount,
      ownerAgency: p.ownerAgencyCode,
      indicatorCount: counts.find((c) => c.plan === p.code)?.n ?? 0,
      pillars: pillars.filter((x) => x.planCode === p.code).map((x) => ({ code: x.code, name: x.name })),
    }));
  }

  async requirePlan(code: string) {
    const plan = await this.repository.reader().findPlan(code);
    if (!plan) throw DomainError.notFound('plan', code);
    return plan;
  }

  async listIndicators(planCode: string, filter: { pillar?: string; agency?: string }) {
    await this.requirePlan(planCode);
    const db = this.repository.reader();
    if (filter.pillar) {
      const pillars = await db.findPillars(planCode);
      if (!pillars.some((p) => p.code === filter.pillar)) {
        throw DomainError.invalid(
          'pillar',
          `not a pillar of plan "${planCode}" (one of: ${pillars.map((p) => p.code).join(', ')})`,
        );
      }
    }
    let indicators = await db.findIndicators({ planCode, pillar: filter.pillar });
    if (filter.agency) {
      if (!(await db.findAgency(filter.agency)))
        throw DomainError.invalid('agency', `unknown agency "${filter.agency}"`);
      const assigned: { code: string }[] = await db.manager.query(
        `SELECT indicator_code AS code FROM assignment WHERE agency_code = $1 AND retired_at IS NULL`,
        [filter.agency],
      );
      const codes = new Set(assigned.map((a) => a.code));
      indicators = indicators.filter((i) => codes.has(i.code));
    }
    return indicators.sort(compareIndicators).map(indicatorRecord);
  }

  async getIndicator(planCode: string, row: string) {
    const indicator = await this.repository.reader().findIndicator(`${planCode}/${row}`);
    if (!indicator) throw DomainError.notFound('indicator', `${planCode}/${row}`);
    const assignees: { agency: string }[] = await this.repository
      .reader()
      .manager.query(
        `SELECT agency_code AS agency FROM assignment WHERE indicator_code = $1 AND retired_at IS NULL ORDER BY 1`,
        [indicator.code],
      );
    return {
      ...indicatorRecord(indicator),
      assignees: assignees.map((a) => a.agency),
      retired: indicator.retiredAt !== null,
    };
  }

  async listMilestones(planCode: string) {
    await this.requirePlan(planCode);
    const milestones = await this.repository.reader().findMilestones(planCode);
    return milestones
      .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
      .map((m) => ({
        code: m.code,
        group: m.groupLabel,
        title: m.title,
        leadAgency: m.leadAgency,
        cooperatingAgencies: m.cooperatingAgencies,
        deadlineText: m.deadlineText,
        deadline: m.deadline,
        expectedResult: m.expectedResult,
        output: m.output,
        assignees: m.assignees,
      }));
  }

  /** The whole organisation as a forest (cities at the roots). */
  async agencyTree(): Promise<AgencyNode[]> {
    const agencies = await this.repository.reader().findAgencies();
    return buildTree(agencies);
  }

  async getAgency(code: string) {
    const agency = await this.repository.reader().findAgency(code);
    if (!agency) throw DomainError.notFound('agency', code);
    return agency;
  }

  async agencyAssignments(code: string, planCode?: string) {
    await this.getAgency(code);
    if (planCode) await this.requirePlan(planCode);
    const db = this.repository.reader();
    const assignments: {
      id: number;
      indicator: string;
      weight: number | null;
      target_override: unknown[] | null;
      target_override_text: string | null;
    }[] = await db.manager.query(
      `SELECT a.id, a.indicator_code AS indicator, a.weight, a.target_override, a.target_override_text
         FROM assignment a JOIN indicator i ON i.code = a.indicator_code
        WHERE a.agency_code = $1 AND a.retired_at IS NULL AND i.retired_at IS NULL
          AND ($2::text IS NULL OR i.plan_code = $2)`,
      [code, planCode ?? null],
    );
    const indicators = new Map(
      (await db.findIndicators({ codes: assignments.map((a) => a.indicator) })).map((i) => [i.code, i]),
    );
    return assignments
      .map((a) => ({ a, i: indicators.get(a.indicator)! }))
      .sort((x, y) => compareIndicators(x.i, y.i))
      .map(({ a, i }) => ({
        id: a.id,
        agency: code,
        weight: a.weight ?? i.weight,
        // the agency's own target when a leader or admin set one (PUT …/assignments/:indicator/target)
        targetOverride: a.target_override ? { text: a.target_override_text, targets: a.target_override } : null,
        indicator: indicatorRecord(i),
      }));
  }
}

export function buildTree(agencies: AgencyEntity[]): AgencyNode[] {
  const nodes = new Map<string, AgencyNode>();
  for (const a of agencies) {
    nodes.set(a.code, {
      code: a.code,
      name: a.name,
      kind: a.kind,
      officialCode: a.officialCode,
      demo: a.demo,
      children: [],
    });
  }
  const roots: AgencyNode[] = [];
  for (const a of agencies) {
    const node = nodes.get(a.code)!;
    const parent = a.parentCode ? nodes.get(a.parentCode) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: AgencyNode[]) => {
    list.sort((x, y) => x.name.localeCompare(y.name, 'vi'));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
