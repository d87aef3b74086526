// The scorecard matrix's pure parts: indicator columns grouped by pillar (in the plan's order),
// and sorting rows by agency, score, rank or one indicator's cell.

export type CellStatus = 'achieved' | 'on_track' | 'behind' | 'no_data';

export interface MatrixCell {
  value: number | null;
  score: number;
  status: CellStatus;
  level: string | null;
  observedAt: string | null;
  targetInForce: number | null;
}

export interface MatrixIndicator {
  code: string;
  name: string;
  pillar: string;
  unit: string | null;
}

export interface MatrixRow {
  code: string;
  name: string;
  kind: string;
  score: number;
  rank: number;
  cells: Record<string, MatrixCell | null>;
}

export interface Matrix {
  plan: string;
  asOf: string | null;
  indicators: MatrixIndicator[];
  agencies: MatrixRow[];
}

export interface PillarGroup {
  pillar: string;
  indicators: MatrixIndicator[];
}

/** Columns grouped by pillar: pillars in `order` first (the plan's), then any other, as met. */
export function groupByPillar(indicators: MatrixIndicator[], order: string[] = []): PillarGroup[] {
  const groups = new Map<string, MatrixIndicator[]>();
  for (const p of order) groups.set(p, []);
  for (const i of indicators) {
    if (!groups.has(i.pillar)) groups.set(i.pillar, []);
    groups.get(i.pillar)!.push(i);
  }
  return [...groups].filter(([, list]) => list.length).map(([pillar, list]) => ({ pillar, indicators: list }));
}

/** `rank`, `name`, `score`, or `cell:<indicator code>` (by the cell's score; no cell sorts last). */
export type SortKey = 'rank' | 'name' | 'score' | `cell:${string}`;

const STATUS_ORDER: Record<CellStatus, number> = { achieved: 3, on_track: 2, behind: 1, no_data: 0 };

export function sortRows(rows: MatrixRow[], key: SortKey, direction: 'asc' | 'desc'): MatrixRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const value = (r: MatrixRow): number | string | null => {
    if (key === 'rank') return r.rank;
    if (key === 'name') return r.name;
    if (key === 'score') return r.score;
    const cell = r.cells[key.slice(5)];
    return cell ? cell.score * 10 + STATUS_ORDER[cell.status] : null;
  };
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? a.rank - b.rank : va === null ? 1 : -1;
    const c = typeof va === 'string' ? va.localeCompare(vb as string, 'vi') : va - (vb as number);
    return c === 0 ? a.rank - b.rank : sign * c;
  });
}

/** How many cells of a row are in each status: the row's summary for screen readers and the wall. */
export function statusCounts(row: MatrixRow): Record<CellStatus, number> {
  const counts: Record<CellStatus, number> = { achieved: 0, on_track: 0, behind: 0, no_data: 0 };
  for (const cell of Object.values(row.cells)) if (cell) counts[cell.status]++;
  return counts;
}
