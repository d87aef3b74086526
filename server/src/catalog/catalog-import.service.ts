// Loads plan catalogs and agency trees from seed files into the database, idempotently: a second
// import of the same file changes nothing and says so; a changed file reports, per record, which
// fields changed. Indicators and assignments that vanish from a file are retired, never deleted,
// because observations and score history refer to them.
import { Injectable } from '@nestjs/common';
import { parseTargets } from '@kpi/shared/targets';
import { DomainError } from '../common/domain-error.js';
import type { FieldProblem } from '../common/error-response.js';
import { CatalogRepository, type CatalogTx } from './catalog.repository.js';
import type { AgencyEntity, IndicatorEntity, MilestoneEntity } from './catalog.entities.js';
import {
  readManifest,
  readSeedFile,
  SEEDS_DIR,
  type AgenciesFile,
  type CatalogFile,
  type SeedFile,
} from './seed-files.js';
import { join } from 'node:path';

export interface RecordDiff {
  added: string[];
  changed: { code: string; fields: string[] }[];
  unchanged: number;
  retired: string[];
}

export interface ImportReport {
  kind: 'agencies' | 'catalog';
  plan?: string;
  agencies?: RecordDiff;
  indicators?: RecordDiff;
  assignments?: { added: number; retired: number; unchanged: number };
  milestones?: RecordDiff;
}

/** Data older than this counts as missing (DESIGN §5); per reporting cadence. */
export const MAX_AGE_DAYS_BY_CADENCE = { monthly: 40, quarterly: 100, yearly: 400 } as const;

/** The `@communes` assignee: every ward and commune of Hà Nội (the city-wide ranking). */
const COMMUNES = '@communes';
const COMMUNES_CITY = 'hanoi';

/** Advisory lock key for loading the demo catalog (any constant unique to this use). */
const DEMO_SEED_LOCK = 720_260_001;

const ROLLBACK = Symbol('rollback');

function emptyDiff(): RecordDiff {
  return { added: [], changed: [], unchanged: 0, retired: [] };
}

/** JSON with object keys sorted: jsonb hands objects back with its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

function changedFields<T extends object>(before: T | undefined, after: Partial<T>): string[] | null {
  if (!before) return null;
  return Object.keys(after).filter(
    (k) => canonical((before as Record<string, unknown>)[k]) !== canonical((after as Record<string, unknown>)[k]),
  );
}

@Injectable()
export class CatalogImportService {
  constructor(private readonly repository: CatalogRepository) {}

  importFile(path: string, options: { dryRun?: boolean } = {}): Promise<ImportReport> {
    return this.importSeed(readSeedFile(path), options);
  }

  /** With `dryRun`, computes the same report and rolls everything back. */
  async importSeed(seed: SeedFile, options: { dryRun?: boolean } = {}): Promise<ImportReport> {
    let report: ImportReport | undefined;
    try {
      await this.repository.transaction(async (tx) => {
        report =
          seed.kind === 'agencies' ? await this.importAgencies(tx, seed.data) : await this.importCatalog(tx, seed.data);
        if (options.dryRun) throw ROLLBACK;
      });
    } catch (error) {
      if (error !== ROLLBACK) throw error;
    }
    return report!;
  }

  /**
   * Loads every file of seeds/manifest.json (the demo catalog) in one transaction, unless the
   * database already has agencies. Instances starting together take turns on an advisory lock,
   * so exactly one of them loads the demo.
   */
  async importManifestIfEmpty(): Promise<ImportReport[] | null> {
    // the usual case on a restart: skip reading and validating ten seed files
    if ((await this.repository.reader().countAgencies()) > 0) return null;
    const manifest = readManifest();
    const seeds = [...manifest.agencies, ...manifest.catalogs].map((f) => readSeedFile(join(SEEDS_DIR, f)));
    return this.repository.transaction(async (tx) => {
      await tx.manager.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK]);
      if ((await tx.countAgencies()) > 0) return null; // another instance loaded it meanwhile
      const reports: ImportReport[] = [];
      for (const seed of seeds) {
        reports.push(
          seed.kind === 'agencies' ? await this.importAgencies(tx, seed.data) : await this.importCatalog(tx, seed.data),
        );
      }
      return reports;
    });
  }

  private async importAgencies(tx: CatalogTx, file: AgenciesFile): Promise<ImportReport> {
    const inFile = new Map(file.agencies.map((a) => [a.code, a]));
    const duplicates = file.agencies.filter((a, i) => file.agencies.findIndex((b) => b.code === a.code) !== i);
    if (duplicates.length)
      throw DomainError.invalid('agencies', `duplicate codes: ${duplicates.map((a) => a.code).join(', ')}`);
    const existing = new Map((await tx.findAgencies()).map((a) => [a.code, a]));
    const problems: FieldProblem[] = [];
    file.agencies.forEach((a, i) => {
      if (a.parent && !inFile.has(a.parent) && !existing.has(a.parent)) {
        problems.push({
          field: `agencies.${i}.parent`,
          reason: `unknown agency "${a.parent}" (import its file first)`,
        });
      }
    });
    if (problems.length)
      throw new DomainError('invalid_input', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);

    // parents before children, whatever order the file lists them in
    const ordered: typeof file.agencies = [];
    const placed = new Set<string>();
    const place = (code: string, trail: string[]) => {
      if (placed.has(code) || !inFile.has(code)) return;
      if (trail.includes(code)) throw DomainError.invalid('agencies', `parent cycle: ${[...trail, code].join(' → ')}`);
      const a = inFile.get(code)!;
      if (a.parent) place(a.parent, [...trail, code]);
      placed.add(code);
      ordered.push(a);
    };
    file.agencies.forEach((a) => place(a.code, []));

    const diff = emptyDiff();
    const rows: Partial<AgencyEntity>[] = [];
    for (const a of ordered) {
      const row: Partial<AgencyEntity> = {
        code: a.code,
        name: a.name,
        kind: a.kind,
        parentCode: a.parent ?? null,
        officialCode: a.officialCode ?? null,
        aliases: a.aliases ?? [],
        demo: a.demo ?? false,
      };
      const fields = changedFields(existing.get(a.code), row);
      if (fields === null) diff.added.push(a.code);
      else if (fields.length) diff.changed.push({ code: a.code, fields });
      else {
        diff.unchanged++;
        continue;
      }
      rows.push(row);
    }
    await tx.saveAgencies(rows);
    return { kind: 'agencies', agencies: diff };
  }

  private async importCatalog(tx: CatalogTx, file: CatalogFile): Promise<ImportReport> {
    const planCode = file.plan.code;
    const problems: FieldProblem[] = [];
    const pillarCodes = new Set(file.pillars.map((p) => p.code));
    const seen = new Set<string>();
    file.indicators.forEach((ind, i) => {
      if (!ind.code.startsWith(`${planCode}/`))
        problems.push({ field: `indicators.${i}.code`, reason: `must start with "${planCode}/"` });
      if (seen.has(ind.code)) problems.push({ field: `indicators.${i}.code`, reason: `duplicate "${ind.code}"` });
      seen.add(ind.code);
      if (!pillarCodes.has(ind.pillar))
        problems.push({ field: `indicators.${i}.pillar`, reason: `not among the plan's pillars` });
      if (ind.deadline < ind.start) problems.push({ field: `indicators.${i}.deadline`, reason: 'before start' });
      if (ind.targetText !== null && parseTargets(ind.targetText).length === 0) {
        problems.push({ field: `indicators.${i}.targetText`, reason: `no target found in "${ind.targetText}"` });
      }
    });

    const agencyCodes = new Set((await tx.findAgencies()).map((a) => a.code));
    const communes = await tx.communeCodes(COMMUNES_CITY);
    if (file.plan.ownerAgency && !agencyCodes.has(file.plan.ownerAgency)) {
      problems.push({ field: 'plan.ownerAgency', reason: `unknown agency "${file.plan.ownerAgency}"` });
    }
    const wanted: { indicatorCode: string; agencyCode: string }[] = [];
    file.indicators.forEach((ind, i) => {
      if (ind.targetText === null) return; // nothing to score
      for (const assignee of ind.assignees) {
        if (assignee === COMMUNES) {
          if (!communes.length)
            problems.push({
              field: `indicators.${i}.assignees`,
              reason: `"${COMMUNES}" but no communes of "${COMMUNES_CITY}" are loaded`,
            });
          for (const c of communes) wanted.push({ indicatorCode: ind.code, agencyCode: c });
        } else if (!agencyCodes.has(assignee)) {
          problems.push({ field: `indicators.${i}.assignees`, reason: `unknown agency "${assignee}"` });
        } else {
          wanted.push({ indicatorCode: ind.code, agencyCode: assignee });
        }
      }
    });
    if (problems.length) {
      throw new DomainError(
        'invalid_input',
        problems
          .slice(0, 20)
          .map((p) => `${p.field}: ${p.reason}`)
          .join('; '),
        problems,
      );
    }

    await tx.savePlan({
      code: planCode,
      title: file.plan.title,
      issuer: file.plan.issuer,
      documentRef: file.plan.documentRef ?? null,
      startDate: file.plan.startDate,
      endDate: file.plan.endDate,
      source: file.plan.source,
      appendix: file.plan.appendix ?? null,
      rowCount: file.plan.rowCount ?? null,
      ownerAgencyCode: file.plan.ownerAgency ?? null,
    });
    await tx.savePillars(file.pillars.map((p) => ({ planCode, code: p.code, name: p.name })));

    const indicators = await this.importIndicators(tx, file);
    const assignments = await this.importAssignments(tx, planCode, wanted);
    const milestones = await this.importMilestones(tx, file);
    return { kind: 'catalog', plan: planCode, indicators, assignments, milestones };
  }

  private async importIndicators(tx: CatalogTx, file: CatalogFile): Promise<RecordDiff> {
    const existing = new Map(
      (await tx.findIndicators({ planCode: file.plan.code, includeRetired: true })).map((i) => [i.code, i]),
    );
    const diff = emptyDiff();
    const rows: Partial<IndicatorEntity>[] = [];
    for (const ind of file.indicators) {
      const row: Partial<IndicatorEntity> = {
        code: ind.code,
        planCode: file.plan.code,
        rowLabel: ind.row,
        section: ind.section ?? null,
        pillar: ind.pillar,
        name: ind.name ?? null,
        text: ind.text,
        targetText: ind.targetText,
        // the parser is the authority; the `targets` stored in the file are for readers
        targets: ind.targetText === null ? [] : parseTargets(ind.targetText),
        unit: ind.unit,
        baseline: ind.baseline ?? null,
        startDate: ind.start,
        deadline: ind.deadline,
        deadlineText: ind.deadlineText ?? null,
        trajectory: ind.trajectory,
        cadence: ind.cadence,
        maxAgeDays: ind.maxAgeDays ?? MAX_AGE_DAYS_BY_CADENCE[ind.cadence],
        weight: ind.weight ?? 1,
        monitoringAgency: ind.monitoringAgency ?? null,
        leadAgency: ind.leadAgency,
        cooperatingAgencies: ind.cooperatingAgencies ?? [],
        legalBasis: ind.legalBasis ?? null,
        note: ind.note ?? null,
      };
      const before = existing.get(ind.code);
      const fields = changedFields(before, row);
      if (fields === null) diff.added.push(ind.code);
      else if (fields.length || before?.retiredAt)
        diff.changed.push({ code: ind.code, fields: before?.retiredAt ? [...fields, 'retired'] : fields });
      else {
        diff.unchanged++;
        continue;
      }
      rows.push(row);
    }
    await tx.saveIndicators(rows);
    const inFile = new Set(file.indicators.map((i) => i.code));
    diff.retired = [...existing.values()].filter((i) => !inFile.has(i.code) && !i.retiredAt).map((i) => i.code);
    await tx.retireIndicators(diff.retired);
    return diff;
  }

  private async importAssignments(
    tx: CatalogTx,
    planCode: string,
    wanted: { indicatorCode: string; agencyCode: string }[],
  ) {
    const key = (i: string, a: string) => `${i}\u0000${a}`;
    const existing = new Map(
      (await tx.findPlanAssignments(planCode)).map((a) => [key(a.indicatorCode, a.agencyCode), a]),
    );
    const wantedKeys = new Set(wanted.map((w) => key(w.indicatorCode, w.agencyCode)));
    const toInsert = wanted.filter((w) => {
      const a = existing.get(key(w.indicatorCode, w.agencyCode));
      return !a || a.retiredAt;
    });
    const toRetire = [...existing.entries()]
      .filter(([k, a]) => !wantedKeys.has(k) && !a.retiredAt)
      .map(([, a]) => a.id);
    await tx.insertAssignments(toInsert);
    await tx.setAssignmentsRetired(toRetire, true);
    return { added: toInsert.length, retired: toRetire.length, unchanged: wanted.length - toInsert.length };
  }

  private async importMilestones(tx: CatalogTx, file: CatalogFile): Promise<RecordDiff> {
    const existing = new Map((await tx.findMilestones(file.plan.code)).map((m) => [m.code, m]));
    const diff = emptyDiff();
    const rows: MilestoneEntity[] = [];
    for (const m of file.milestones ?? []) {
      const row: MilestoneEntity = {
        code: m.code,
        planCode: file.plan.code,
        groupLabel: m.group ?? null,
        title: m.title,
        leadAgency: m.leadAgency,
        cooperatingAgencies: m.cooperatingAgencies ?? [],
        deadlineText: m.deadlineText ?? null,
        deadline: m.deadline ?? null,
        expectedResult: m.expectedResult ?? null,
        output: m.output ?? null,
        assignees: m.assignees ?? [],
      };
      const fields = changedFields(existing.get(m.code), row);
      if (fields === null) diff.added.push(m.code);
      else if (fields.length) diff.changed.push({ code: m.code, fields });
      else {
        diff.unchanged++;
        continue;
      }
      rows.push(row);
    }
    await tx.saveMilestones(rows);
    const inFile = new Set((file.milestones ?? []).map((m) => m.code));
    diff.retired = [...existing.keys()].filter((c) => !inFile.has(c));
    await tx.deleteMilestones(diff.retired);
    return diff;
  }
}
