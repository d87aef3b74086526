// The seed catalogs are the product's source of truth for targets: every file must match its
// JSON Schema, keep the plan's row count, and reference only agencies that exist.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEEDS_DIR, validateSeed, type AgenciesFile, type CatalogFile } from '../../server/src/catalog/seed-files.js';

const catalogs = readdirSync(join(SEEDS_DIR, 'catalogs')).map((f) => ({
  file: f,
  data: JSON.parse(readFileSync(join(SEEDS_DIR, 'catalogs', f), 'utf8')) as CatalogFile,
}));
const agencyFiles = readdirSync(join(SEEDS_DIR, 'agencies')).map((f) => ({
  file: f,
  data: JSON.parse(readFileSync(join(SEEDS_DIR, 'agencies', f), 'utf8')) as AgenciesFile,
}));
const agencyCodes = new Set(agencyFiles.flatMap((f) => f.data.agencies.map((a) => a.code)));

// Rows of each plan's indicator appendix, counted in the plan documents (the figures).
const EXPECTED_ROWS: Record<string, number> = {
  'vinh-tuy-2026': 47,
  'hanoi-402-2025': 46,
  'dong-da-2025': 42,
};

describe('seed catalogs', () => {
  it('has the five plans', () => {
    expect(catalogs.map((c) => c.data.plan.code).sort()).toEqual([
      'dong-da-2025',
      'hai-phong-2024',
      'hanoi-139-2025',
      'hanoi-402-2025',
      'vinh-tuy-2026',
    ]);
  });

  describe.each(catalogs)('$file', ({ data }) => {
    it('matches the JSON Schema', () => {
      expect(() => validateSeed(data)).not.toThrow();
    });

    it("keeps every row of the plan's appendix", () => {
      const rows = new Set(data.indicators.map((i) => i.row));
      expect(rows.size).toBe(data.plan.rowCount);
      if (EXPECTED_ROWS[data.plan.code]) expect(rows.size).toBe(EXPECTED_ROWS[data.plan.code]);
    });

    it('has unique indicator codes under the plan code', () => {
      const codes = data.indicators.map((i) => i.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const code of codes) expect(code.startsWith(`${data.plan.code}/`)).toBe(true);
    });

    it('quotes the plan verbatim', () => {
      const plan = readFileSync(join(SEEDS_DIR, 'plans', data.plan.source), 'utf8');
      const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
      const text = squash(plan);
      const notFound = data.indicators.filter((i) => i.targetText !== null && !text.includes(squash(i.targetText)));
      expect(notFound.map((i) => i.code)).toEqual([]);
    });

    it('assigns every measurable indicator to known agencies', () => {
      for (const ind of data.indicators) {
        if (ind.targetText === null) continue;
        for (const a of ind.assignees) if (a !== '@communes') expect(agencyCodes).toContain(a);
      }
      const unassigned = data.indicators.filter((i) => i.targetText !== null && i.assignees.length === 0);
      // only rows whose level no longer exists (districts, abolished on 1 July 2025) may be unassigned
      for (const i of unassigned) expect(i.note ?? '').toMatch(/huyện|district/i);
    });
  });
});

describe('seed agencies', () => {
  it('has 126 Hà Nội wards and communes with official codes', () => {
    const communes = agencyFiles.find((f) => f.file === 'hanoi-communes.json')!.data.agencies;
    expect(communes).toHaveLength(126);
    expect(communes.filter((a) => a.kind === 'ward')).toHaveLength(51);
    for (const c of communes) expect(c.officialCode).toMatch(/^\d{5}$/);
  });

  it('matches the JSON Schema, with unique codes and known parents', () => {
    const all = agencyFiles.flatMap((f) => f.data.agencies);
    expect(new Set(all.map((a) => a.code)).size).toBe(all.length);
    for (const f of agencyFiles) expect(() => validateSeed(f.data)).not.toThrow();
    for (const a of all) if (a.parent) expect(agencyCodes).toContain(a.parent);
  });
});
