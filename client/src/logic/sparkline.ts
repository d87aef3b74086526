// A score trend drawn as a few SVG points: the ranking shows one per agency, so it is plain SVG
// rather than a chart library. Scores are 0–100; the y axis is fixed to that range so two rows
// compare at a glance.
export function sparklinePoints(values: readonly number[], width: number, height: number, pad = 2): string {
  if (values.length === 0) return '';
  const inner = height - 2 * pad;
  const y = (v: number) => pad + inner - (Math.min(100, Math.max(0, v)) / 100) * inner;
  if (values.length === 1) return `${pad},${y(values[0]).toFixed(1)} ${width - pad},${y(values[0]).toFixed(1)}`;
  const step = (width - 2 * pad) / (values.length - 1);
  return values.map((v, i) => `${(pad + i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
}

/** The last `max` points, at most one per day (the last of each day), oldest first. */
export function dailyScores(points: readonly { at: string; score: number | null }[], max = 30): number[] {
  const byDay = new Map<string, number>();
  for (const p of [...points].sort((a, b) => a.at.localeCompare(b.at))) {
    if (p.score !== null && Number.isFinite(p.score)) byDay.set(p.at.slice(0, 10), p.score);
  }
  return [...byDay.values()].slice(-max);
}
