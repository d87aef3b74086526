// The parsed form of a target (DESIGN §4) in a few characters, next to the plan's own words.
export interface TargetLike {
  op: string;
  value: number | null;
  min: number | null;
  max: number | null;
  unit: string | null;
  approximate: boolean;
}

const SIGN: Record<string, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=', '==': '=' };

export function describeTarget(t: TargetLike, format: (n: number) => string = String): string {
  const unit = !t.unit ? '' : t.unit === '%' ? '%' : ` ${t.unit}`;
  const approx = t.approximate ? '≈ ' : '';
  if (t.op === 'between' || (t.min !== null && t.max !== null && t.value === null)) {
    return `${approx}${format(t.min ?? 0)}–${format(t.max ?? 0)}${unit}`;
  }
  const sign = SIGN[t.op] ?? t.op;
  return `${approx}${sign} ${t.value === null ? '?' : format(t.value)}${unit}`;
}
