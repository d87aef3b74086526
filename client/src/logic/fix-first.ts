// "What to fix first" on an agency's page: the assignments whose gap costs the agency the most —
// the points a target still misses (100 − score) times its weight in the agency score. Achieved
// targets have no gap; a missing value is a full gap (it scores 0), usually the quickest to close.

export interface GapInput {
  indicator: string;
  score: number;
  weight?: number | null;
  status: string;
}

export interface Gap<T extends GapInput> {
  row: T;
  /** Weighted points this assignment leaves on the table. */
  gap: number;
  /** Its share of everything the agency leaves on the table (0..1). */
  share: number;
}

export function fixFirst<T extends GapInput>(rows: T[], limit = 5): Gap<T>[] {
  const gaps = rows
    .filter((r) => r.status !== 'achieved')
    .map((row) => ({ row, gap: (row.weight ?? 1) * Math.max(0, 100 - row.score) }))
    .filter((g) => g.gap > 0);
  const total = gaps.reduce((sum, g) => sum + g.gap, 0);
  return gaps
    .sort((a, b) => b.gap - a.gap || a.row.indicator.localeCompare(b.row.indicator))
    .slice(0, limit)
    .map((g) => ({ ...g, share: total ? g.gap / total : 0 }));
}
