// The ranking by one pillar, computed from the live overall ranking (each row carries its pillar
// scores): the same competition ranking as the server's (equal scores share a rank, the next
// rank skips), so a leader can compare agencies on "Chính quyền số" alone without a reload.
import type { RankingRow } from '@kpi/shared/live';

export function rankByPillar(rows: RankingRow[], pillar: string | null): RankingRow[] {
  if (!pillar) return rows;
  const scored = rows.map((row) => ({ row, score: row.pillars?.[pillar] ?? null }));
  scored.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.row.name.localeCompare(b.row.name, 'vi'));
  let rank = 0;
  let previous: number | null | undefined;
  return scored.map(({ row, score }, i) => {
    if (score !== previous) rank = i + 1;
    previous = score;
    // no pillar history is stored, so there is no earlier pillar rank to compare with
    return { ...row, score: score ?? 0, rank, previousRank: null };
  });
}
